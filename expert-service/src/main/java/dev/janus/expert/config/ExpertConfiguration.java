package dev.janus.expert.config;

import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.expert.experts.HostedExperts;
import dev.janus.model.cli.DefaultModel;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.ModelConfig;
import dev.janus.model.engine.ComputeBackend;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Computes the placement, maps the experts this instance hosts and serves them on the gRPC port
 * (spring.grpc.server.port): Spring gRPC registers every {@code BindableService} bean.
 *
 * <p>Shutdown order: the gRPC server is a SmartLifecycle of the highest phase, so it stops first
 * (new streams refused, in-flight calls given spring.grpc.server.shutdown-grace-period); beans are
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
    ExpertStreamService expertStreamService(HostedExperts experts) {
        return new ExpertStreamService(experts::worker);
    }
}
