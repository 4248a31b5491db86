package dev.janus.expert.config;

import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.placement.PlacementConfig;
import dev.janus.comm.placement.StartPlacement;
import dev.janus.comm.security.InternalToken;
import dev.janus.expert.experts.ExpertMetrics;
import dev.janus.expert.experts.HostedExperts;
import dev.janus.model.cli.DefaultModel;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.ModelConfig;
import dev.janus.model.engine.ComputeBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;

/**
 * Resolves the start placement epoch (placement-service's current one, a placement file, or round
 * robin: comm-lib StartPlacement), maps the experts this instance hosts in it and serves them on
 * the gRPC port (spring.grpc.server.port): Spring gRPC registers every {@code BindableService}
 * bean. Later epochs arrive from placement-service through PlacementControlController.
 *
 * <p>Shutdown order: the context-closed event comes first and drains the streams (idle ones end at
 * once, a batch in flight is answered first, new streams are refused), so that the gRPC server,
 * a SmartLifecycle of the highest phase stopped next, does not wait its whole
 * spring.grpc.server.shutdown-grace-period for attention instances' ever-open streams; beans are
 * destroyed only after every lifecycle has stopped, so the weights are unmapped last.
 */
@Configuration(proxyBeanMethods = false)
public class ExpertConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExpertConfiguration.class);

    /** {@code moe.placement.*}, the one typed placement configuration (comm-lib). */
    @Bean
    PlacementConfig placementConfig(Environment environment) {
        return Binder.get(environment).bindOrCreate("moe.placement", PlacementConfig.class);
    }

    /**
     * moe.backend: cpu (default) or cuda (cuda-backend; falls back to the CPU with one WARNING
     * line). On cuda each placement epoch's hosted experts run on the device's grouped expert FFN
     * (bf16 experts; others on the CPU kernel), their device copies freed when the epoch is released.
     */
    @Bean(destroyMethod = "close")
    ComputeBackend computeBackend(ExpertProperties expert, @Value("${moe.backend:cpu}") String backend) {
        return ComputeBackend.create("vector", expert.computeThreads(), backend);
    }

    @Bean(destroyMethod = "close")
    HostedExperts hostedExperts(ModelProperties model, PlacementConfig placement, ExpertProperties expert,
                                ComputeBackend backend, InternalToken token) {
        Path dir = model.configuredPath().orElseGet(() -> DefaultModel.ensure(System.out));
        ModelConfig config = ConfigParser.read(dir.resolve("config.json"));
        var start = StartPlacement.resolve(placement, token, config.numLayers(), config.numExperts(), log::warn);
        if (expert.instanceId() >= start.epoch().instances()) {
            log.warn("moe.expert.instance-id {} is not among the {} MoE instances of placement epoch {}: hosting nothing"
                    + " until an epoch places experts here", expert.instanceId(), start.epoch().instances(),
                    start.epoch().version());
        }
        HostedExperts experts = new HostedExperts(expert.instanceId(), dir, model.weightMemory(), config.numLayers(),
                config.numExperts(), backend.expertExecutors());
        int hosted = experts.prepare(start.epoch());
        log.info("MoE instance {} of {}: {} physical experts of {} from {}, weights {} (placement epoch {} from {})",
                expert.instanceId(), start.epoch().instances(), hosted,
                (long) start.epoch().layers() * start.epoch().physicalExperts(), dir, model.weightMemory().label(),
                start.epoch().version(), start.source());
        return experts;
    }

    @Bean
    ExpertStreamService expertStreamService(HostedExperts experts, MeterRegistry registry) {
        int layers = experts.worker().epoch(experts.latestVersion()).layers();
        ExpertMetrics metrics = new ExpertMetrics(registry, experts.instance(), layers);
        ExpertStreamService service = new ExpertStreamService(experts.worker(), metrics);
        metrics.bindGauges(registry, experts.instance(), service);
        return service;
    }

    /** Graceful shutdown without waiting for idle streams (see the class comment). */
    @Bean
    ApplicationListener<ContextClosedEvent> drainStreamsOnClose(ExpertStreamService service) {
        return new ApplicationListener<>() { // a class, not a lambda: Spring reads the event type from it
            @Override
            public void onApplicationEvent(ContextClosedEvent event) {
                service.drain();
            }
        };
    }
}
