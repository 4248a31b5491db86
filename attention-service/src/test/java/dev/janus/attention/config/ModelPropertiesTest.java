package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ModelPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ModelProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void unsetPathMeansGeneratedDefaultModel() {
        runner.run(ctx -> assertThat(ctx.getBean(ModelProperties.class).configuredPath()).isEmpty());
    }

    @Test
    void existingDirectoryIsAccepted(@TempDir Path dir) {
        runner.withPropertyValues("moe.model.path=" + dir)
                .run(ctx -> assertThat(ctx.getBean(ModelProperties.class).configuredPath()).contains(dir));
    }

    @Test
    void missingDirectoryFailsStartup(@TempDir Path dir) {
        runner.withPropertyValues("moe.model.path=" + dir.resolve("nope"))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("moe.model.path"));
    }
}
