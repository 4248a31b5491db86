package dev.janus.attention.scheduling;

import java.util.List;

/**
 * What {@link StepPlanner} decides from: the running sequences (oldest admitted first), the
 * head of the waiting queue, and the step's limits. Plain numbers: no cache, no engine.
 */
record PlannerInput<S>(List<Running<S>> running, List<Waiting<S>> waiting, Limits limits) {

    /**
     * @param computed         tokens in the KV cache
     * @param total            tokens known (prompt + generated); total - computed are to compute
     * @param heldBlocks       blocks in its table (they cover at least {@code computed} positions)
     * @param releasableBlocks blocks preempting it gives back: those no other sequence holds
     */
    record Running<S>(S seq, int computed, int total, int heldBlocks, int releasableBlocks) {
        int uncomputed() {
            return total - computed;
        }
    }

    /**
     * @param total        tokens to compute without a cache hit
     * @param cachedTokens tokens of its longest cached prefix (whole blocks, at most total - 1:
     *                     the last token is always computed, its logits are the output)
     * @param pinnedBlocks blocks of that prefix no sequence holds now: attaching them takes
     *                     them out of the free blocks
     */
    record Waiting<S>(S seq, int total, int cachedTokens, int pinnedBlocks) {
        Waiting {
            if (cachedTokens < 0 || cachedTokens >= total) {
                throw new IllegalArgumentException("a cached prefix must leave the last token to compute");
            }
        }
    }

    /**
     * @param freeBlocks    blocks an allocation can take (free, or cached and unreferenced)
     * @param totalBlocks   blocks of the whole cache
     * @param maxStepTokens tokens per step at most
     * @param prefillChunk  uncomputed tokens of one sequence per step at most
     * @param maxRunning    running sequences at most
     */
    record Limits(int freeBlocks, int totalBlocks, int blockSize, int maxStepTokens, int prefillChunk, int maxRunning) {
        int blocksFor(int tokens) {
            return (tokens + blockSize - 1) / blockSize;
        }
    }

    PlannerInput {
        running = List.copyOf(running);
        waiting = List.copyOf(waiting);
    }
}
