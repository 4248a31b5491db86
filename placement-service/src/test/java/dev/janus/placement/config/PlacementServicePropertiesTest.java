package dev.janus.placement.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class PlacementServicePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PlacementServiceProperties.class)
    static class Config {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsRunLocallyAndFailClosed() {
        runner.run(ctx -> {
            PlacementServiceProperties p = ctx.getBean(PlacementServiceProperties.class);
            assertThat(p.adminKeys()).isEmpty();
            assertThat(p.attention().discovered()).isFalse();
            assertThat(p.initial().instances()).isEqualTo(1);
            assertThat(p.stats().pollInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(p.stats().historyPolls()).isEqualTo(120);
            assertThat(p.rollout().commitAttempts()).isEqualTo(3);
            assertThat(p.rollout().republishOnStart()).isTrue();
            assertThat(p.auto().checkEvery()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void listsAndDiscoveryBind() {
        runner.withPropertyValues("moe.placement-service.experts.uris=http://a:8082,http://b:8092",
                        "moe.placement-service.attention.service-id=attention-service")
                .run(ctx -> {
                    PlacementServiceProperties p = ctx.getBean(PlacementServiceProperties.class);
                    assertThat(p.experts().uris()).containsExactly(URI.create("http://a:8082"), URI.create("http://b:8092"));
                    assertThat(p.attention().discovered()).isTrue();
                });
    }

    @Test
    void invalidValuesFailStartupNamingTheProperty() {
        runner.withPropertyValues("moe.placement-service.rollout.commit-attempts=0")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("commitAttempts"));
        runner.withPropertyValues("moe.placement-service.initial.instances=0")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("instances"));
        runner.withPropertyValues("moe.placement-service.stats.poll-interval=0s")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("pollInterval"));
        runner.withPropertyValues("moe.placement-service.stats.history-polls=0")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("historyPolls"));
    }
}
