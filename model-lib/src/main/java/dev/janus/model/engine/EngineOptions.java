package dev.janus.model.engine;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.LayerTimer;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.moe.MoeLayer;

/**
 * Engine settings.
 *
 * @param kvBlockSize      tokens per KV-cache block
 * @param kvBlocks         blocks in the KV cache (capacity = blocks × block size tokens, shared by all sequences)
 * @param dispatchPlanner  logical → physical expert mapping; null = identity
 * @param expertExecutor   where experts run; null = in this process
 * @param routingObserver  sees every routing decision (per micro-batch when microBatches > 1)
 * @param microBatches     micro-batches per step overlapping attention with remote experts
 *                         (ping-pong, see {@link dev.janus.model.forward.ForwardPass}); 1 = off
 * @param layerTimer       sees each layer's attention time (metrics); null = none
 * @param attentionKernels where attention over the KV cache runs ({@link ComputeBackend#attentionKernels});
 *                         null = the CPU
 */
public record EngineOptions(int kvBlockSize, int kvBlocks, DispatchPlanner dispatchPlanner,
                            ExpertExecutor expertExecutor, MoeLayer.RoutingObserver routingObserver,
                            int microBatches, LayerTimer layerTimer, AttentionKernel.Factory attentionKernels) {

    public EngineOptions(int kvBlockSize, int kvBlocks, DispatchPlanner dispatchPlanner,
                         ExpertExecutor expertExecutor, MoeLayer.RoutingObserver routingObserver, int microBatches) {
        this(kvBlockSize, kvBlocks, dispatchPlanner, expertExecutor, routingObserver, microBatches, null, null);
    }

    /** No micro-batching. */
    public EngineOptions(int kvBlockSize, int kvBlocks, DispatchPlanner dispatchPlanner,
                         ExpertExecutor expertExecutor, MoeLayer.RoutingObserver routingObserver) {
        this(kvBlockSize, kvBlocks, dispatchPlanner, expertExecutor, routingObserver, 1);
    }

    public EngineOptions {
        if (kvBlockSize <= 0 || kvBlocks <= 0) {
            throw new IllegalArgumentException("kvBlockSize and kvBlocks must be positive");
        }
        if (microBatches < 1) {
            throw new IllegalArgumentException("microBatches must be at least 1 (1 = off), got " + microBatches);
        }
        if (routingObserver == null) {
            routingObserver = MoeLayer.RoutingObserver.NONE;
        }
        if (layerTimer == null) {
            layerTimer = LayerTimer.NONE;
        }
        if (attentionKernels == null) {
            attentionKernels = AttentionKernel.cpu();
        }
    }

    /** Local experts, a KV cache for {@code tokens} positions in blocks of 16. */
    public static EngineOptions forTokens(int tokens) {
        return new EngineOptions(16, Math.max(1, (tokens + 15) / 16), null, null, null);
    }

    public EngineOptions withRoutingObserver(MoeLayer.RoutingObserver observer) {
        return new EngineOptions(kvBlockSize, kvBlocks, dispatchPlanner, expertExecutor, observer, microBatches, layerTimer,
                attentionKernels);
    }

    public EngineOptions withExpertExecutor(ExpertExecutor executor) {
        return new EngineOptions(kvBlockSize, kvBlocks, dispatchPlanner, executor, routingObserver, microBatches, layerTimer,
                attentionKernels);
    }

    public EngineOptions withMicroBatches(int m) {
        return new EngineOptions(kvBlockSize, kvBlocks, dispatchPlanner, expertExecutor, routingObserver, m, layerTimer,
                attentionKernels);
    }

    public EngineOptions withLayerTimer(LayerTimer timer) {
        return new EngineOptions(kvBlockSize, kvBlocks, dispatchPlanner, expertExecutor, routingObserver, microBatches, timer,
                attentionKernels);
    }

    public EngineOptions withAttentionKernels(AttentionKernel.Factory kernels) {
        return new EngineOptions(kvBlockSize, kvBlocks, dispatchPlanner, expertExecutor, routingObserver, microBatches,
                layerTimer, kernels);
    }
}
