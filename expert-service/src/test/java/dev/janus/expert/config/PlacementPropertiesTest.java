package dev.janus.expert.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.PlacementEpoch;
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
    void defaultsToOneInstanceWithoutReplicas() {
        runner.run(ctx -> {
            PlacementEpoch epoch = ctx.getBean(PlacementProperties.class).epoch(4, 8);
            assertThat(epoch.instances()).isEqualTo(1);
            assertThat(epoch.physicalExperts()).isEqualTo(8);
        });
    }

    @Test
    void sameValuesGiveTheSamePlacement() {
        runner.withPropertyValues("moe.placement.instances=3", "moe.placement.redundant-slots=4").run(ctx -> {
            PlacementProperties p = ctx.getBean(PlacementProperties.class);
            assertThat(p.epoch(4, 8).samePlacement(new PlacementProperties(3, 4).epoch(4, 8))).isTrue();
            assertThat(p.epoch(4, 8).layer(0).replicatedExpertCount()).isEqualTo(4);
        });
    }

    @Test
    void zeroInstancesFailsStartup() {
        runner.withPropertyValues("moe.placement.instances=0")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("moe.placement.instances"));
    }
}
