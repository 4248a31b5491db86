package dev.janus.scaler.config;

import dev.janus.scaler.actuate.Actuator;
import dev.janus.scaler.actuate.DryRunActuator;
import dev.janus.scaler.actuate.KubernetesActuator;
import dev.janus.scaler.actuate.LocalActuator;
import dev.janus.scaler.actuate.LocalProcesses;
import dev.janus.scaler.moe.PlacementAwareActuator;
import dev.janus.scaler.moe.PlacementClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import dev.janus.scaler.control.DecisionMetrics;
import dev.janus.scaler.control.Scaler;
import dev.janus.scaler.control.ScalerSettings;
import dev.janus.scaler.control.Sizes;
import dev.janus.scaler.plan.PlanService;
import dev.janus.scaler.signals.AttentionInstances;
import dev.janus.scaler.signals.PrometheusSignals;
import dev.janus.scaler.signals.ScrapeSignals;
import dev.janus.scaler.signals.SignalSource;
import java.time.Clock;
import java.time.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Wires the scaler: the planner for {@code moe.scaler.model} / {@code profile}, the signal source
 * (Prometheus when {@code moe.scaler.signals.prometheus-url} is set, else scraping), the actuator
 * that {@code moe.scaler.actuator} names (wrapped in the MoE scaling protocol when
 * {@code moe.scaler.placement.uri} is set), and the periodic evaluation every
 * {@code moe.scaler.auto.evaluate-every} (first one after one interval).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ScalerConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ScalerConfiguration.class);

    private final ScalerProperties props;
    private final ObjectProvider<Scaler> scaler;

    ScalerConfiguration(ScalerProperties props, ObjectProvider<Scaler> scaler) {
        this.props = props;
        this.scaler = scaler;
    }

    @Bean
    PlanService planService() {
        return PlanService.of(props);
    }

    @Bean
    @ConditionalOnMissingBean(SignalSource.class)
    SignalSource signalSource(Clock clock, ObjectProvider<DiscoveryClient> discovery) {
        ScalerProperties.Signals s = props.signals();
        if (s.prometheusUrl() != null) {
            log.info("signals from Prometheus at {}", s.prometheusUrl());
            return new PrometheusSignals(s.prometheusUrl(), s.window(), s.timeout(), clock);
        }
        AttentionInstances instances = new AttentionInstances(s.attention(), discovery);
        return new ScrapeSignals(instances::uris, s.timeout(), clock);
    }

    @Bean
    @ConditionalOnMissingBean(Actuator.class)
    Actuator actuator(Clock clock) {
        Actuator processes = processActuator();
        ScalerProperties.Placement p = props.placement();
        if (p.uri() == null || processes instanceof DryRunActuator) {
            return processes;
        }
        int basePort = props.local().experts().basePort();
        return new PlacementAwareActuator(processes, new PlacementClient(p.uri(), p.adminKey(), p.timeout()),
                i -> URI.create(p.expertUri().replace("{index}", Integer.toString(i))
                        .replace("{port}", Integer.toString(basePort + i))),
                p.readyTimeout(), Duration.ofMillis(500), clock);
    }

    private Actuator processActuator() {
        Sizes initial = new Sizes(props.attention().initial(), props.moe().initial());
        return switch (props.actuator()) {
            case DRY_RUN -> new DryRunActuator(initial);
            case LOCAL -> {
                ScalerProperties.Local l = props.local();
                Path logs = Path.of(l.logDir());
                yield new LocalActuator(pool("attention", l.attention(), logs, l.stopTimeout()),
                        pool("experts", l.experts(), logs, l.stopTimeout()));
            }
            case KUBERNETES -> {
                ScalerProperties.Kubernetes k = props.kubernetes();
                yield new KubernetesActuator(new KubernetesClientBuilder().build(), k.namespace(),
                        k.attentionDeployment(), k.expertStatefulSet());
            }
        };
    }

    private static LocalProcesses pool(String name, ScalerProperties.LocalPool p, Path logs, Duration stop) {
        return new LocalProcesses(name, p.arguments(), p.external(), p.basePort(), p.grpcBasePort(), logs, stop);
    }

    @Bean
    Scaler scaler(SignalSource signals, PlanService planner, Actuator actuator, Clock clock, MeterRegistry registry) {
        return new Scaler(signals, planner, actuator, clock, ScalerSettings.from(props), new DecisionMetrics(registry));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration every = props.auto().evaluateEvery();
        registrar.addFixedDelayTask(new FixedDelayTask(() -> {
            try {
                scaler.getObject().tick();
            } catch (RuntimeException e) {
                log.error("scaler evaluation failed", e);
            }
        }, every, every));
    }
}
