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
import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.LayerLatency;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.MoeActivity;
import dev.janus.comm.scaling.Plan;
import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.ProfileFit;
import dev.janus.comm.scaling.profile.FittedProfile;
import dev.janus.comm.scaling.profile.ProfileSweep;
import dev.janus.scaler.control.ScalerSettings;
import dev.janus.scaler.plan.PlanService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
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
    void aProfileFittedByJanusProfileIsWhatThePlannerUses(@TempDir Path dir) throws Exception {
        // what ./janus profile writes (FittedProfile), from exact samples of the cpu-placeholder constants
        ModelDescription model = ModelDescriptions.builtIn("deepseek-v2-like");
        HardwareProfile base = HardwareProfiles.builtIn("cpu-placeholder");
        LayerLatency truth = new LayerLatency(model, base);
        List<ProfileFit.AttentionSample> attention = new ArrayList<>();
        List<ProfileFit.MoeSample> moe = new ArrayList<>();
        for (int b : new int[] {1, 4, 16}) {
            attention.add(new ProfileFit.AttentionSample(b, 300, truth.attentionNanosAt(b, 300)));
            attention.add(new ProfileFit.AttentionSample(b, 3000, truth.attentionNanosAt(b, 3000)));
        }
        // activated experts and rows varied independently: on a line a = f(rows) the fit cannot tell bytes from flops
        for (double[] ar : new double[][] {{2, 3}, {6, 6}, {3, 30}, {8, 64}}) {
            moe.add(new ProfileFit.MoeSample(ar[0], ar[1], truth.moeNanos(new MoeActivity(ar[0], ar[1]))));
        }
        Path file = dir.resolve("fitted.json");
        Files.writeString(file, HardwareProfiles.toJson(FittedProfile.fit("fitted-test", model,
                new ProfileSweep.Samples(attention, moe), base, "a test").profile()));
        // DeepSeek-V2-like on a 64 GB host: 9 MoE instances for the weights, 9 attention instances
        runner.withPropertyValues("moe.scaler.profile=" + file, "moe.scaler.attention.max=16", "moe.scaler.moe.max=16").run(ctx -> {
            PlanService plans = ctx.getBean(PlanService.class);
            assertThat(plans.profileName()).isEqualTo(file.toString());
            Plan plan = plans.size(new PlanRequest(0.2, 256, 64, 120_000), ScalerSettings.from(ctx.getBean(ScalerProperties.class)));
            assertThat(plan.sizing().feasible()).as(String.valueOf(plan.sizing().reason())).isTrue();
        });
    }

    @Test
    void anUnknownModelDoesNotStart() {
        runner.withPropertyValues("moe.scaler.model=no-such-model").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().hasStackTraceContaining("moe.scaler.model 'no-such-model'"));
    }
}
