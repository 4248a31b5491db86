package dev.janus.attention.scheduling;

import dev.janus.attention.scheduling.PlannerInput.Limits;
import dev.janus.attention.scheduling.PlannerInput.Running;
import dev.janus.attention.scheduling.PlannerInput.Waiting;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduling policy of continuous batching (Orca / vLLM), as a pure function of plain
 * numbers: {@code plan(running, waiting, limits) -> next step's chunks + preemptions}.
 *
 * <ol>
 *   <li>Decode first: one token for every running sequence that has exactly one to compute,
 *       so decodes never wait behind prompts.</li>
 *   <li>Then prompt (or recompute) chunks of running sequences, at most {@code prefillChunk}
 *       each, while the step's token budget lasts (chunked prefill).</li>
 *   <li>A running sequence that needs blocks the cache does not have preempts the newest
 *       running sequence (it has the least work to lose), itself last; alone, it ends with
 *       "length".</li>
 *   <li>Only in a step without preemptions (vLLM v1's rule: memory is short), waiting sequences
 *       are admitted first come first served, never skipping one that does not fit: each needs
 *       room for its whole known sequence plus one token beyond its cached prefix (a minimal
 *       watermark: an admission never forces a preemption at once). A sequence longer than the
 *       whole cache is rejected.</li>
 * </ol>
 * Blocks are counted, never allocated: the plan's blocks fit in {@code limits.freeBlocks()}
 * plus what its preemptions release (property-tested in StepPlannerTest).
 */
final class StepPlanner {

    private StepPlanner() {
    }

    static <S> StepPlan<S> plan(PlannerInput<S> input) {
        return new Planning<>(input).run();
    }

    /** One call's working state. */
    private static final class Planning<S> {
        private final Limits limits;
        private final List<Running<S>> running;
        private final List<Waiting<S>> waiting;
        private final List<StepPlan.Chunk<S>> chunks = new ArrayList<>();
        private final List<Integer> chunkBlocks = new ArrayList<>(); // new blocks of each chunk
        private final List<S> preempted = new ArrayList<>();
        private final List<S> outOfMemory = new ArrayList<>();
        private final List<S> rejected = new ArrayList<>();
        private int freeBlocks;
        private int tokenBudget;

        Planning(PlannerInput<S> input) {
            this.limits = input.limits();
            this.running = new ArrayList<>(input.running());
            this.waiting = input.waiting();
            this.freeBlocks = limits.freeBlocks();
            this.tokenBudget = limits.maxStepTokens();
        }

        StepPlan<S> run() {
            for (Running<S> r : List.copyOf(running)) {
                if (r.uncomputed() == 1 && running.contains(r)) {
                    planRunning(r, 1);
                }
            }
            for (Running<S> r : List.copyOf(running)) {
                if (r.uncomputed() > 1 && tokenBudget > 0 && running.contains(r)) {
                    planRunning(r, Math.min(Math.min(r.uncomputed(), limits.prefillChunk()), tokenBudget));
                }
            }
            if (preempted.isEmpty()) {
                admit();
            }
            return new StepPlan<>(chunks, preempted, outOfMemory, rejected);
        }

        private void planRunning(Running<S> r, int count) {
            int need = Math.max(0, limits.blocksFor(r.computed() + count) - r.heldBlocks());
            while (need > freeBlocks) {
                Running<S> victim = running.getLast();
                if (victim == r && running.size() == 1) {
                    running.remove(r);
                    freeBlocks += r.releasableBlocks();
                    outOfMemory.add(r.seq());
                    return;
                }
                preempt(victim);
                if (victim == r) {
                    return;
                }
            }
            freeBlocks -= need;
            add(new StepPlan.Chunk<>(r.seq(), count, false, 0), need);
        }

        private void preempt(Running<S> victim) {
            for (int i = chunks.size() - 1; i >= 0; i--) {
                if (chunks.get(i).seq() == victim.seq()) {
                    tokenBudget += chunks.get(i).count();
                    freeBlocks += chunkBlocks.get(i);
                    chunks.remove(i);
                    chunkBlocks.remove(i);
                }
            }
            running.remove(victim);
            freeBlocks += victim.releasableBlocks();
            preempted.add(victim.seq());
        }

        private void admit() {
            int admitted = 0;
            for (Waiting<S> w : waiting) {
                if (running.size() + admitted >= limits.maxRunning() || tokenBudget <= 0) {
                    return;
                }
                if (limits.blocksFor(w.total() + 1) > limits.totalBlocks()) {
                    rejected.add(w.seq());
                    continue;
                }
                int cachedBlocks = w.cachedTokens() / limits.blockSize();
                if (limits.blocksFor(w.total() + 1) - cachedBlocks + w.pinnedBlocks() > freeBlocks) {
                    return; // first come first served: nobody overtakes the head of the queue
                }
                int count = Math.min(Math.min(w.total() - w.cachedTokens(), limits.prefillChunk()), tokenBudget);
                int need = w.pinnedBlocks() + limits.blocksFor(w.cachedTokens() + count) - cachedBlocks;
                freeBlocks -= need;
                add(new StepPlan.Chunk<>(w.seq(), count, true, w.cachedTokens()), need);
                admitted++;
            }
        }

        private void add(StepPlan.Chunk<S> chunk, int blocks) {
            chunks.add(chunk);
            chunkBlocks.add(blocks);
            tokenBudget -= chunk.count();
        }
    }
}
