package dev.janus.attention.scheduling;

import java.util.List;

/**
 * The next step as {@link StepPlanner} decided it, applied by {@link BatchScheduler} in this
 * order: free the preempted (back to the head of the queue, first listed nearest the head),
 * end the out-of-memory ones with "length", fail the rejected, attach the admitted ones'
 * cached prefixes, then reserve and run the chunks in order.
 *
 * @param chunks      each sequence's share of the step: decode tokens, then prompt chunks of
 *                    running sequences, then admissions
 * @param preempted   running sequences whose KV blocks are freed; they are recomputed later
 * @param outOfMemory running sequences alone in the cache that need a block it does not have
 * @param rejected    waiting sequences longer than the whole cache
 */
record StepPlan<S>(List<Chunk<S>> chunks, List<S> preempted, List<S> outOfMemory, List<S> rejected) {

    /**
     * {@code count} tokens of {@code seq} from its computed position; an admitted sequence
     * starts after its {@code cachedTokens} of cached prefix.
     */
    record Chunk<S>(S seq, int count, boolean admitted, int cachedTokens) {
    }

    StepPlan {
        chunks = List.copyOf(chunks);
        preempted = List.copyOf(preempted);
        outOfMemory = List.copyOf(outOfMemory);
        rejected = List.copyOf(rejected);
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }
}
