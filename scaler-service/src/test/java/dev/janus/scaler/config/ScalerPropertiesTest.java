package dev.janus.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class ScalerPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ScalerProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreSafeForALocalRun() {
        runner.run(ctx -> {
            ScalerProperties props = ctx.getBean(ScalerProperties.class);
            assertThat(props.actuator()).isEqualTo(ScalerProperties.Actuator.DRY_RUN);
            assertThat(props.tpotSlo()).isEqualTo(Duration.ofMillis(200));
        });
    }

    @Test
    void bindsKebabCaseActuatorNames() {
        runner.withPropertyValues("moe.scaler.actuator=kubernetes", "moe.scaler.tpot-slo=50ms")
                .run(ctx -> assertThat(ctx.getBean(ScalerProperties.class).actuator())
                        .isEqualTo(ScalerProperties.Actuator.KUBERNETES));
    }

    @Test
    void zeroSloFailsStartup() {
        runner.withPropertyValues("moe.scaler.tpot-slo=0ms")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("moe.scaler.tpotSlo"));
    }
}
