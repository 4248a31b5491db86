package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class ModelPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ModelProperties.class)
    @Import(PathConverter.class)
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
    void relativePathClimbingUpIsAFileSystemPath(@TempDir Path dir) throws Exception {
        Path model = java.nio.file.Files.createDirectories(dir.resolve("models/my-moe"));
        Path work = java.nio.file.Files.createDirectories(dir.resolve("work"));
        String relative = Path.of("").toAbsolutePath().relativize(model).toString();
        runner.withPropertyValues("moe.model.path=" + relative).run(ctx -> {
            ModelProperties props = ctx.getBean(ModelProperties.class);
            assertThat(props.configuredPath()).contains(Path.of(relative));
            assertThat(props.modelId(props.configuredPath().orElseThrow())).isEqualTo("my-moe");
        });
        assertThat(work).exists();
    }

    @Test
    void nameOverridesTheDirectoryName(@TempDir Path dir) {
        runner.withPropertyValues("moe.model.path=" + dir, "moe.model.name=mixtral-8x7b")
                .run(ctx -> assertThat(ctx.getBean(ModelProperties.class).modelId(dir)).isEqualTo("mixtral-8x7b"));
    }

    @Test
    void missingDirectoryFailsStartup(@TempDir Path dir) {
        runner.withPropertyValues("moe.model.path=" + dir.resolve("nope"))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("moe.model.path"));
    }
}
