package dev.janus.attention.config;

import dev.janus.attention.model.ServedModel;
import dev.janus.attention.scheduling.BatchScheduler;
import dev.janus.attention.scheduling.SchedulerMetrics;
import dev.janus.attention.stats.CompositeRoutingObserver;
import dev.janus.comm.grpc.GrpcTls;
import dev.janus.comm.placement.PlacementConfig;
import dev.janus.comm.placement.StartPlacement;
import dev.janus.comm.security.InternalToken;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.cli.DefaultModel;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.model.GenerationDefaults;
import dev.janus.model.model.Model;
import dev.janus.model.tokenizer.Tokenizer;
import dev.janus.model.tokenizer.TokenizerException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Loads the model (moe.model.path, or the embedded default model) and starts the one scheduler
 * thread that owns the engine. With moe.experts.transport=grpc the routed experts run on
 * expert-service instances (RemoteExperts) and are not mapped here. The engine reports every
 * routing decision to the activation statistics (and trace) of ActivationStatsConfiguration.
 * Everything here lives as long as the application.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean(destroyMethod = "close")
    Model model(ModelProperties properties, ExpertsProperties experts) {
        Path dir = properties.configuredPath().orElseGet(() -> DefaultModel.ensure(System.out));
        // split mode: the routed experts live on expert-service instances, none is mapped here
        boolean split = experts.transport() == ExpertsProperties.Transport.GRPC;
        Model model = Model.load(dir, (layer, expert) -> !split, properties.weightMemory());
        log.info("loaded model {} from {} (experts: {}, weights {})", properties.modelId(dir), dir, experts.transport(),
                model.store().memorySummary());
        return model;
    }

    /** {@code moe.placement.*}, the one typed placement configuration (comm-lib). */
    @Bean
    PlacementConfig placementConfig(Environment environment) {
        return Binder.get(environment).bindOrCreate("moe.placement", PlacementConfig.class);
    }

    /** Split mode only: the MoE instances this attention instance dispatches to. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "moe.experts.transport", havingValue = "grpc")
    RemoteExperts remoteExperts(Model model, ExpertsProperties experts, PlacementConfig placement, NodeProperties node,
                                MeterRegistry registry, InternalToken token, GrpcTls tls) {
        var cfg = model.config();
        var start = StartPlacement.resolve(placement, token, cfg.numLayers(), cfg.numExperts(), log::warn);
        MoeCommMetrics metrics = new MoeCommMetrics(registry, cfg.numLayers(), experts.targets().size());
        RemoteExperts remote = new RemoteExperts(start.epoch(), experts, node, cfg.hiddenSize(), cfg.numExpertsPerToken(),
                metrics, tls);
        metrics.bindPlacement(remote.placement());
        if (node.twoPhase()) {
            metrics.bindCommStats(remote.commStats()); // AdaptiveTransport counts there only with two-phase
        }
        log.info("experts on {} MoE instances {} over {} (placement epoch {} from {}, scheduler {}, deadline {}, {} "
                + "micro-batches)", start.epoch().instances(), experts.targets(), tls.enabled() ? "TLS" : "plaintext gRPC",
                start.epoch().version(), start.source(), experts.scheduler(), experts.deadline(), experts.microBatches());
        if (node.twoPhase()) {
            log.info("node {}: member {} of {}, {} communication{}", node.name(), node.member(), node.members(),
                    node.mode(), node.hostsAggregator() ? ", node aggregator on port " + remote.aggregatorPort()
                            : " through the aggregator at " + node.aggregator());
        }
        return remote;
    }

    /** moe.backend: cpu (default) or cuda (cuda-backend; falls back to the CPU with one WARNING line). */
    @Bean(destroyMethod = "close")
    ComputeBackend computeBackend(SchedulerProperties scheduler, @Value("${moe.backend:cpu}") String backend) {
        return ComputeBackend.create("vector", scheduler.computeThreads(), backend);
    }

    @Bean
    ServedModel servedModel(Model model, ModelProperties properties) {
        Path dir = model.directory();
        Tokenizer tokenizer = Tokenizer.load(dir);
        ChatTemplate template = chatTemplate(dir);
        int[] stops = GenerationDefaults.stopTokenIds(dir, model.config().eosTokenIds(), tokenizer.eosTokenIds());
        return new ServedModel(properties.modelId(dir), tokenizer, template, stops,
                model.config().maxPositionEmbeddings(), model.config().vocabSize(), Instant.now().getEpochSecond());
    }

    @Bean(destroyMethod = "close")
    BatchScheduler batchScheduler(Model model, ComputeBackend backend, SchedulerProperties scheduler,
                                  ExpertsProperties expertsProperties, MeterRegistry registry,
                                  ObjectProvider<RemoteExperts> remote, CompositeRoutingObserver routingObserver) {
        var cfg = model.config();
        long bytesPerToken = 2L * cfg.numLayers() * cfg.kvDim() * Float.BYTES; // K and V, float32, every layer
        int blocks = scheduler.kvBlocks(bytesPerToken, cfg.maxPositionEmbeddings(), Runtime.getRuntime().maxMemory());
        RemoteExperts experts = remote.getIfAvailable(); // null: in-process, identity planner and local experts
        if (experts == null && expertsProperties.microBatches() > 1) {
            log.warn("moe.experts.micro-batches={} with in-process experts: nothing to overlap, only smaller steps",
                    expertsProperties.microBatches());
        }
        InferenceEngine engine = new InferenceEngine(model, backend.matmul(), backend.pool(), backend.engineOptions(
                new EngineOptions(scheduler.kvBlockSize(), blocks, experts == null ? null : experts.planner(),
                        experts == null ? null : experts.executor(), routingObserver, expertsProperties.microBatches(),
                        new AttentionLayerMetrics(registry, cfg.numLayers()), null),
                model.weights(), cfg.hiddenSize()));
        log.info("KV cache: {} blocks of {} tokens ({} tokens, {} MiB at most)", blocks, scheduler.kvBlockSize(),
                (long) blocks * scheduler.kvBlockSize(), (long) blocks * scheduler.kvBlockSize() * bytesPerToken >> 20);
        return BatchScheduler.start(engine, scheduler, new SchedulerMetrics(registry));
    }

    private static @Nullable ChatTemplate chatTemplate(Path dir) {
        try {
            return ChatTemplate.load(dir);
        } catch (TokenizerException e) {
            log.warn("no usable chat template in {}: /v1/chat/completions will answer 400 ({})", dir, e.getMessage());
            return null;
        }
    }
}
