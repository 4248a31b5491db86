package dev.janus.model.moe;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;

/**
 * Stage 3 of the MoE step: runs the routed expert FFNs for the rows of a dispatch plan and
 * returns their UNWEIGHTED outputs; weights are applied by {@link TopKCombiner} only.
 * Local execution is {@link LocalExpertExecutor}; comm-lib provides remote executors.
 */
public interface ExpertExecutor {

    /**
     * @param layer  decoder layer
     * @param plan   rows grouped by physical expert
     * @param x      normalised hidden states {@code [tokens, hidden]}
     * @param out    receives {@code [tokens * topK, hidden]}: row {@code t*k+s} is the output of
     *               the expert serving (t, s) on x[t]
     */
    void execute(int layer, DispatchPlan plan, float[] x, float[] out);

    /**
     * Starts {@link #execute} and returns before the experts answer, so that the caller can
     * compute another micro-batch's attention meanwhile (MegaScale-Infer ping-pong). {@code out}
     * is complete only after {@link Pending#await()}; until then the caller must not touch
     * {@code plan}, {@code x} or {@code out}. Calls are awaited on the thread that submitted
     * them. The default runs the experts now: local experts share the caller's compute pool, so
     * there is nothing to overlap with.
     */
    default Pending submit(int layer, DispatchPlan plan, float[] x, float[] out) {
        execute(layer, plan, x, out);
        return Pending.DONE;
    }

    /**
     * Makes the executor of one set of expert weights (a MoE instance makes one per placement
     * epoch it serves). An executor that is also {@link AutoCloseable} holds resources of its
     * own (device copies of the weights): its owner closes it when the weights are released.
     */
    @FunctionalInterface
    interface Factory {

        ExpertExecutor create(ModelWeights weights, int hidden);
    }

    /** Experts in this process on {@code matmul} ({@link LocalExpertExecutor}). */
    static Factory local(MatmulKernel matmul) {
        return (weights, hidden) -> new LocalExpertExecutor(weights, hidden, new SwiGlu(matmul));
    }

    /** An expert call in flight. */
    @FunctionalInterface
    interface Pending {

        /** Blocks until the call's outputs are in {@code out}; throws what {@link #execute} would. */
        void await();

        /** A call that finished when it was submitted (stateless, so shared). */
        Pending DONE = () -> { };
    }
}
