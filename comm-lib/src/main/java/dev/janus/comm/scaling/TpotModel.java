package dev.janus.comm.scaling;

/**
 * TPOT of a deployment at a step load (DESIGN.md §1.5; Janus, arXiv 2512.13525, §4):
 * <pre>
 *   no overlap:  TPOT = L·(T_attn + T_comm + T_moe) + L_dense·T_dense + T_head
 *   overlap:     L·(…) replaced by min over m ≤ maxMicroBatches of PingPong.makespan(stages of B/m)
 * </pre>
 * Disaggregated stages per micro-batch: [T_attn, dispatch, T_moe, combine], attention on
 * B/(n_a·m) tokens, a_max and rows from {@link AMaxSource} for B/m tokens on n_e instances.
 * Colocated (monolithic): [T_attn + T_moe on the same GPU, dispatch, combine] with B/(G·m) tokens
 * per GPU. Dense layers and lm_head run on the attention side after the MoE layers, without
 * overlap (a simplification: 1 of 60 layers for DeepSeek-V2, 3 of 61 for V3, none for Qwen3).
 *
 * <p>Worked example (a test, {@code TpotModelWorkedExampleTest}): a GQA model with L = 2 MoE
 * layers, H = 1024, 8 heads / 2 KV heads of 128, E = 8, k = 2, expert width 512, vocab 1000, bf16;
 * a profile with effective 1 TB/s, 100 TFLOP/s, overheads 10 µs, inter-node α 10 µs at 50 GB/s,
 * NVLink α 2 µs at 400 GB/s, 4 devices per node; n_a = 2, n_e = 4, adaptive comm; B = 128 decode
 * tokens at context 1000; a_max = 3 and rows 0.3125·B given.
 * <ul>
 *   <li>P_a = 2 621 440 + 8 192 (gate) = 2 629 632; b = 64, K = 64 000: bytes 5 259 264 +
 *       64 000·1 024 = 70 795 264 → 70.795 µs, flops 598 736 896 → 5.99 µs; T_attn = 80.795264 µs.</li>
 *   <li>W_e = 3 145 728 B: T_moe = 10 + 3·3.145728 = 19.437184 µs (compute 1.26 µs).</li>
 *   <li>m ≈ 4 receivers; dispatch 64·1.75·2 048 B = 229 376 B: direct 44.588 µs, two-phase (n = 2)
 *       2 + 0.573 + 20 + 4.588 = 27.16096 µs; combine 262 144 B: two-phase 27.89824 µs (direct 45.24).</li>
 *   <li>T_head = 10 + 2.048 = 12.048 µs. No overlap: 2·(80.795264 + 19.437184 + 55.0592) + 12.048
 *       = 322.631296 µs.</li>
 *   <li>m = 2 (b = 32): stages 48.027264, 24.58048, 19.437184, 24.94912 µs; chain 48.027 +
 *       2·116.994 = 282.01536 beats resource 261.07584; TPOT 294.06336 µs.</li>
 * </ul>
 */
public final class TpotModel {

    private final LayerLatency latency;
    private final AMaxSource aMax;

    public TpotModel(LayerLatency latency, AMaxSource aMax) {
        this.latency = latency;
        this.aMax = aMax;
    }

    public LayerLatency latency() {
        return latency;
    }

    public AMaxSource aMaxSource() {
        return aMax;
    }

    /** TPOT with the best number of micro-batches up to the deployment's maximum. */
    public double tpotNanos(Deployment d, StepLoad load) {
        double best = Double.POSITIVE_INFINITY;
        for (int m = 1; m <= d.maxMicroBatches(); m++) {
            best = Math.min(best, tpotNanos(d, load, m));
        }
        return best;
    }

    /** The micro-batch count {@link #tpotNanos(Deployment, StepLoad)} picks. */
    public int bestMicroBatches(Deployment d, StepLoad load) {
        int best = 1;
        for (int m = 2; m <= d.maxMicroBatches(); m++) {
            best = tpotNanos(d, load, m) < tpotNanos(d, load, best) ? m : best;
        }
        return best;
    }

    /** TPOT with exactly m micro-batches (1 = no overlap). */
    public double tpotNanos(Deployment d, StepLoad load, int m) {
        int senders = d.attentionInstances();
        double tokens = load.tokens() / senders;
        double kv = load.kvReads() / senders;
        double layers = PingPong.makespan(latency.model().moeLayers(), stageNanos(d, load, m), m);
        return layers + latency.model().denseLayers() * latency.denseLayerNanos(tokens, kv)
                + latency.headNanos(load.decodeTokens() / senders);
    }

    /** One micro-batch's stage times, in order (the stages PingPong sees). */
    public double[] stageNanos(Deployment d, StepLoad load, int m) {
        double share = 1.0 / (d.attentionInstances() * (double) m);
        double tokens = load.tokens() * share;
        double attention = latency.attentionNanos(tokens, load.kvReads() * share);
        double moe = latency.moeNanos(aMax.activity(d.moeInstances(), d.redundantSlots(), load.tokens() / m));
        double dispatch = latency.dispatchNanos(d, tokens);
        double combine = latency.combineNanos(d, tokens);
        return d.kind() == Deployment.Kind.COLOCATED ? new double[] {attention + moe, dispatch, combine}
                : new double[] {attention, dispatch, moe, combine};
    }
}
