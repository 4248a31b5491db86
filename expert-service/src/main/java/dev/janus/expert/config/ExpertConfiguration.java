package dev.janus.expert.config;

import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.placement.PlacementEpoch;
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
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Computes the placement, maps the experts this instance hosts and serves them on the gRPC port
 * (spring.grpc.server.port): Spring gRPC registers every {@code BindableService} bean.
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

    @Bean(destroyMethod = "close")
    ComputeBackend computeBackend(ExpertProperties expert) {
        return ComputeBackend.create("vector", expert.computeThreads());
    }

    @Bean(destroyMethod = "close")
    HostedExperts hostedExperts(ModelProperties model, PlacementProperties placement, ExpertProperties expert,
                                ComputeBackend backend) {
        Path dir = model.configuredPath().orElseGet(() -> DefaultModel.ensure(System.out));
        ModelConfig config = ConfigParser.read(dir.resolve("config.json"));
        PlacementEpoch epoch = placement.epoch(config.numLayers(), config.numExperts());
        HostedExperts experts = HostedExperts.load(dir, epoch, expert.instanceId(), backend.matmul());
        log.info("MoE instance {} of {}: {} physical experts of {} mapped from {} (placement epoch {}, {} redundant slots/layer)",
                expert.instanceId(), epoch.instances(), experts.hostedPhysicalExperts(),
                (long) epoch.layers() * epoch.physicalExperts(), dir, epoch.version(), placement.redundantSlots());
        return experts;
    }

    @Bean
    ExpertStreamService expertStreamService(HostedExperts experts, MeterRegistry registry) {
        ExpertMetrics metrics = new ExpertMetrics(registry, experts.instance(), experts.epoch().layers());
        ExpertStreamService service = new ExpertStreamService(experts::worker, metrics);
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
