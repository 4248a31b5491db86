package dev.janus.placement.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class PlacementPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlacementProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultWindowIsTenMinutes() {
        runner.run(ctx -> assertThat(ctx.getBean(PlacementProperties.class).statsWindow())
                .isEqualTo(Duration.ofMinutes(10)));
    }

    @Test
    void subSecondWindowFailsStartup() {
        runner.withPropertyValues("moe.placement.stats-window=0s")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("moe.placement.statsWindow"));
    }
}
