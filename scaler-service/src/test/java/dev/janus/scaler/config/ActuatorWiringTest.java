package dev.janus.scaler.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.scaler.actuate.Actuator;
import dev.janus.scaler.actuate.DryRunActuator;
import dev.janus.scaler.actuate.LocalActuator;
import dev.janus.scaler.control.Sizes;
import dev.janus.scaler.signals.PrometheusSignals;
import dev.janus.scaler.signals.ScrapeSignals;
import dev.janus.scaler.signals.SignalSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** moe.scaler.actuator and moe.scaler.signals.prometheus-url choose the beans. */
class ActuatorWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ScalerProperties.class)
    static class Base {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean // what spring-boot-starter-actuator provides in the service (DecisionMetrics registers on it)
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Base.class, ScalerConfiguration.class)
            .withPropertyValues("moe.scaler.auto.evaluate-every=1h");

    @Test
    void defaultsAreDryRunAndScraping() {
        runner.withPropertyValues("moe.scaler.attention.initial=2", "moe.scaler.moe.initial=3").run(ctx -> {
            assertThat(ctx.getBean(Actuator.class)).isInstanceOf(DryRunActuator.class);
            assertThat(ctx.getBean(Actuator.class).current()).isEqualTo(new Sizes(2, 3));
            assertThat(ctx.getBean(SignalSource.class)).isInstanceOf(ScrapeSignals.class);
        });
    }

    @Test
    void aPrometheusUrlSelectsPromQl() {
        runner.withPropertyValues("moe.scaler.signals.prometheus-url=http://127.0.0.1:9")
                .run(ctx -> assertThat(ctx.getBean(SignalSource.class)).isInstanceOf(PrometheusSignals.class));
    }

    @Test
    void localStartsProcessesAndStopsThemWithTheContext() {
        runner.withPropertyValues("moe.scaler.actuator=local",
                        "moe.scaler.local.attention.command=sleep,600", "moe.scaler.local.attention.external=1",
                        "moe.scaler.local.experts.command=sleep,600")
                .run(ctx -> {
                    Actuator actuator = ctx.getBean(Actuator.class);
                    assertThat(actuator).isInstanceOf(LocalActuator.class);
                    assertThat(actuator.current()).isEqualTo(new Sizes(1, 0));
                    actuator.scale(new Sizes(1, 1));
                    assertThat(actuator.current()).isEqualTo(new Sizes(1, 1));
                });
        assertThat(ProcessHandle.current().children().filter(h -> h.info().command().orElse("").endsWith("sleep")))
                .isEmpty();
    }

    @Test
    void aCommandLineKeepsListValuedArgumentsWhole() {
        runner.withPropertyValues("moe.scaler.local.attention.command-line=java -jar 'a b.jar' --moe.experts.targets=h:1,h:2",
                "moe.scaler.local.experts.command[0]=java", "moe.scaler.local.experts.command[1]=--t=x,y,z")
                .run(ctx -> {
                    ScalerProperties props = ctx.getBean(ScalerProperties.class);
                    assertThat(props.local().attention().arguments())
                            .containsExactly("java", "-jar", "a b.jar", "--moe.experts.targets=h:1,h:2");
                    assertThat(props.local().experts().arguments()).containsExactly("java", "--t=x,y,z");
                });
        // the flat list form is what Spring comma-splits: the reason for the two above
        runner.withPropertyValues("moe.scaler.local.experts.command=java,--t=x,y")
                .run(ctx -> assertThat(ctx.getBean(ScalerProperties.class).local().experts().arguments())
                        .containsExactly("java", "--t=x", "y"));
    }

    @Test
    void bothFormsOrABadQuoteDoNotStart() {
        runner.withPropertyValues("moe.scaler.local.experts.command-line=java", "moe.scaler.local.experts.command=java")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("either as command or as command-line"));
        runner.withPropertyValues("moe.scaler.local.experts.command-line=java 'x")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("unterminated '"));
    }

    @Test
    void localWithoutACommandDoesNotStart() {
        runner.withPropertyValues("moe.scaler.actuator=local").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().hasStackTraceContaining("moe.scaler.local.attention.command"));
    }

    @Test
    void anUnknownModelDoesNotStart() {
        runner.withPropertyValues("moe.scaler.model=no-such-model").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().hasStackTraceContaining("moe.scaler.model 'no-such-model'"));
    }
}
