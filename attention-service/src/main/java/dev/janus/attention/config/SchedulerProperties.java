package dev.janus.attention.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The request scheduler and its KV cache (continuous batching).
 *
 * @param maxRunning     sequences in the running batch at most
 * @param maxQueued      sequences waiting for admission at most; more is refused with 503
 * @param maxStepTokens  tokens per forward step at most (decode tokens + prefill chunks)
 * @param prefillChunk   prompt tokens of one sequence per step at most (chunked prefill)
 * @param kvBlockSize    tokens per paged KV-cache block
 * @param kvCacheTokens  KV-cache capacity in tokens, shared by all sequences (rounded up to blocks);
 *                       0 = sized from the heap: {@code kvHeapFraction} of -Xmx, at most max-running
 *                       full contexts (the cache is float32 on the heap, allocated as blocks are first used)
 * @param kvHeapFraction share of the maximum heap the KV cache may take when kvCacheTokens is 0
 * @param computeThreads threads of the compute pool; 0 = one per processor
 * @param prefixCaching  reuse the KV blocks of prompt prefixes computed before (automatic prefix
 *                       caching); outputs are the same with it off
 */
@ConfigurationProperties("moe.scheduler")
public record SchedulerProperties(
        @DefaultValue("64") int maxRunning,
        @DefaultValue("256") int maxQueued,
        @DefaultValue("512") int maxStepTokens,
        @DefaultValue("256") int prefillChunk,
        @DefaultValue("16") int kvBlockSize,
        @DefaultValue("0") int kvCacheTokens,
        @DefaultValue("0.25") double kvHeapFraction,
        @DefaultValue("0") int computeThreads,
        @DefaultValue("true") boolean prefixCaching) {

    /** Prefix caching on. */
    public SchedulerProperties(int maxRunning, int maxQueued, int maxStepTokens, int prefillChunk, int kvBlockSize,
                               int kvCacheTokens, double kvHeapFraction, int computeThreads) {
        this(maxRunning, maxQueued, maxStepTokens, prefillChunk, kvBlockSize, kvCacheTokens, kvHeapFraction,
                computeThreads, true);
    }

    @ConstructorBinding
    public SchedulerProperties {
        require(maxRunning >= 1, "moe.scheduler.max-running must be >= 1");
        require(maxQueued >= 1, "moe.scheduler.max-queued must be >= 1");
        require(prefillChunk >= 1, "moe.scheduler.prefill-chunk must be >= 1");
        require(maxStepTokens >= maxRunning, "moe.scheduler.max-step-tokens must be >= max-running (one decode token each)");
        require(kvBlockSize >= 1, "moe.scheduler.kv-block-size must be >= 1");
        require(kvCacheTokens == 0 || kvCacheTokens >= kvBlockSize,
                "moe.scheduler.kv-cache-tokens must be 0 (from the heap) or hold at least one block");
        require(kvHeapFraction > 0 && kvHeapFraction <= 0.9, "moe.scheduler.kv-heap-fraction must be in (0, 0.9]");
        require(computeThreads >= 0, "moe.scheduler.compute-threads must be >= 0");
    }

    /**
     * Blocks of the KV cache for a model with {@code bytesPerToken} of K and V per token and
     * {@code context} positions, with {@code maxHeapBytes} of heap.
     */
    public int kvBlocks(long bytesPerToken, int context, long maxHeapBytes) {
        long tokens = kvCacheTokens > 0 ? kvCacheTokens
                : Math.min((long) maxRunning * context, (long) (maxHeapBytes * kvHeapFraction) / bytesPerToken);
        long blocks = Math.max(1, (tokens + kvBlockSize - 1) / kvBlockSize);
        return (int) Math.min(blocks, Integer.MAX_VALUE / 2);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
