package dev.janus.attention.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request scheduler and its KV cache (continuous batching).
 *
 * @param maxRunning     sequences in the running batch at most
 * @param maxQueued      sequences waiting for admission at most; more is refused with 503
 * @param maxStepTokens  tokens per forward step at most (decode tokens + prefill chunks)
 * @param prefillChunk   prompt tokens of one sequence per step at most (chunked prefill)
 * @param kvBlockSize    tokens per paged KV-cache block
 * @param kvCacheTokens  KV-cache capacity in tokens, shared by all sequences (rounded up to blocks)
 * @param computeThreads threads of the compute pool; 0 = one per processor
 */
@ConfigurationProperties("moe.scheduler")
public record SchedulerProperties(
        @DefaultValue("64") int maxRunning,
        @DefaultValue("256") int maxQueued,
        @DefaultValue("512") int maxStepTokens,
        @DefaultValue("256") int prefillChunk,
        @DefaultValue("16") int kvBlockSize,
        @DefaultValue("65536") int kvCacheTokens,
        @DefaultValue("0") int computeThreads) {

    public SchedulerProperties {
        require(maxRunning >= 1, "moe.scheduler.max-running must be >= 1");
        require(maxQueued >= 1, "moe.scheduler.max-queued must be >= 1");
        require(prefillChunk >= 1, "moe.scheduler.prefill-chunk must be >= 1");
        require(maxStepTokens >= maxRunning, "moe.scheduler.max-step-tokens must be >= max-running (one decode token each)");
        require(kvBlockSize >= 1, "moe.scheduler.kv-block-size must be >= 1");
        require(kvCacheTokens >= kvBlockSize, "moe.scheduler.kv-cache-tokens must hold at least one block");
        require(computeThreads >= 0, "moe.scheduler.compute-threads must be >= 0");
    }

    public int kvBlocks() {
        return (kvCacheTokens + kvBlockSize - 1) / kvBlockSize;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
