package dev.janus.expert.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class ExpertPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ExpertProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsToTheSingleLocalInstance() {
        runner.run(ctx -> assertThat(ctx.getBean(ExpertProperties.class).instanceId()).isZero());
    }

    @Test
    void bindsTheConfiguredInstanceId() {
        runner.withPropertyValues("moe.expert.instance-id=3")
                .run(ctx -> assertThat(ctx.getBean(ExpertProperties.class).instanceId()).isEqualTo(3));
    }

    @Test
    void negativeInstanceIdFailsStartup() {
        runner.withPropertyValues("moe.expert.instance-id=-1")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("moe.expert.instanceId"));
    }
}
