package dev.janus.comm.placement.policy;

/**
 * Predicted a_max of a placement (the most activated experts on one MoE instance in a batch;
 * DESIGN.md §1.5: MoE latency {@code T_moe = β · a_max + c_e}) from statistics alone, analytic,
 * so the {@code janus} policy can compare thousands of placements per layer.
 *
 * <p>Model: tokens are independent; a token chooses expert e with probability
 * {@code q_e = count_e / T} and both e and f with {@code q_ef = pairs_ef / T}, where T, the
 * window's tokens, is {@code Σ count / k}. In a batch of B tokens, e is activated with
 * {@code a_e = 1 - (1 - q_e)^B}, and the activations of e and f covary by
 * {@code c_ef = (1 - q_e - q_f + q_ef)^B - (1 - q_e)^B (1 - q_f)^B} (positive when the two are
 * chosen together more often than by chance). AEBS sends an activated expert with r_e replicas
 * to one of them, balancing counts, which we model as a share {@code w_e = 1 / r_e} on each
 * host. Instance i's activated count X_i then has
 * <pre>
 *   μ_i  = Σ_{e on i} w_e a_e
 *   σ²_i = Σ_{e on i} w_e² a_e (1 - a_e) + 2 Σ_{e &lt; f on i} w_e w_f c_ef
 *   score_i = μ_i + sqrt(2 ln N) · σ_i,      predicted a_max = max_i score_i
 * </pre>
 * {@code sqrt(2 ln N)} is the usual bound on the expected maximum of N standard normals; with
 * σ² ≈ μ it is DESIGN.md §1.5's bound {@code ā + sqrt(2 ā ln n)}. Co-activated experts on one
 * instance raise σ_i and so the score, which is what makes the policy separate them (paper
 * §3.4). The score is a ranking surrogate (it overestimates small batches); the replayed
 * numbers come from {@link PlacementEvaluator}. Without co-activation data ({@link
 * CoActivation#none}) the experts are taken as independent (c = 0).
 *
 * <p>Worked example (a test): E = 4, N = 2, C = 2, B = 2, counts 50 each and pairs (0, 2) = 50,
 * (1, 3) = 50 (so k = 1 + 2 · 100 / 200 = 2, T = 100: each token picks {0, 2} or {1, 3}).
 * q = 0.5, a = 0.75, a(1 - a) = 0.1875; c_02 = c_13 = 0.25 - 0.0625 = 0.1875, every other pair
 * 0 - 0.0625 = -0.0625; z = sqrt(2 ln 2) = 1.1774. eplb's placement {0, 2 | 1, 3} (equal loads
 * alternate) has μ = 1.5, σ² = 0.375 + 0.375 = 0.75 on both instances: predicted a_max 2.5197
 * (replayed: 2 in every batch). {@code janus} swaps experts 0 and 1: {1, 2 | 0, 3}, σ² =
 * 0.375 - 0.125 = 0.25, predicted a_max 2.0887 (replayed: 1 when both tokens pick the same pair,
 * else 2; mean 1.5).
 */
public final class ActivationPredictor {

    /** k when it can be neither given nor inferred: DeepSeek-V3's top-8. */
    public static final int DEFAULT_TOP_K = 8;

    private final ExpertLoad load;
    private final CoActivation coActivation;
    private final int batchTokens;
    private final int topK;

    /** @param topK experts per token, 0 = infer from the statistics */
    public ActivationPredictor(ExpertLoad load, CoActivation coActivation, int batchTokens, int topK) {
        if (batchTokens <= 0 || topK < 0) {
            throw new IllegalArgumentException("need batchTokens > 0 and topK >= 0, got " + batchTokens + ", " + topK);
        }
        if (coActivation.layers() != load.layers() || coActivation.experts() != load.experts()) {
            throw new IllegalArgumentException("co-activation and load shapes differ");
        }
        this.load = load;
        this.coActivation = coActivation;
        this.batchTokens = batchTokens;
        this.topK = topK;
    }

    public ActivationPredictor(ExpertLoad load, CoActivation coActivation, JanusOptions options) {
        this(load, coActivation, options.batchTokens(), options.topK());
    }

    /** k used for a layer: the configured one, else inferred from pairs per count, else 8. */
    public double topK(int layer) {
        if (topK > 0) {
            return topK;
        }
        double counts = load.total(layer);
        double pairs = 0;
        int e = load.experts();
        for (int i = 0; coActivation.known() && i < e; i++) {
            for (int j = i + 1; j < e; j++) {
                pairs += coActivation.count(layer, i, j);
            }
        }
        // every token adds k to the counts and k (k - 1) / 2 to the pairs
        return counts > 0 && pairs > 0 ? 1 + 2 * pairs / counts : DEFAULT_TOP_K;
    }

    /** Predicted a_max of one layer of a placement: the highest instance score. */
    public double predictedAMax(Placement placement, int layer) {
        double max = 0;
        for (double s : instanceScores(placement, layer)) {
            max = Math.max(max, s);
        }
        return max;
    }

    /** {@code score_i} of every instance: {@code [N]}. */
    public double[] instanceScores(Placement placement, int layer) {
        LayerModel m = model(layer, placement.instances());
        int[] slots = placement.layer(layer);
        double[] weight = replicaShares(slots, load.experts());
        double[] scores = new double[placement.instances()];
        for (int i = 0; i < scores.length; i++) {
            double[] moments = m.moments(slots, i, placement.slotsPerInstance(), weight);
            scores[i] = m.score(moments[0], moments[1]);
        }
        return scores;
    }

    /** {@code w_e = 1 / r_e}, 0 for experts without a replica. */
    static double[] replicaShares(int[] slots, int experts) {
        int[] replicas = new int[experts];
        for (int e : slots) {
            if (e >= 0) {
                replicas[e]++;
            }
        }
        double[] w = new double[experts];
        for (int e = 0; e < experts; e++) {
            w[e] = replicas[e] == 0 ? 0 : 1.0 / replicas[e];
        }
        return w;
    }

    LayerModel model(int layer, int instances) {
        int e = load.experts();
        double tokens = load.total(layer) / topK(layer);
        double[] q = new double[e];
        double[] miss = new double[e]; // (1 - q_e)^B
        double[] act = new double[e];
        double[] var = new double[e];
        for (int x = 0; x < e; x++) {
            q[x] = tokens > 0 ? Math.min(1, load.count(layer, x) / tokens) : 0;
            miss[x] = power(1 - q[x], batchTokens);
            act[x] = 1 - miss[x];
            var[x] = act[x] * (1 - act[x]);
        }
        double[] cov = null;
        if (coActivation.known() && tokens > 0) {
            cov = new double[e * e];
            for (int i = 0; i < e; i++) {
                for (int j = i + 1; j < e; j++) {
                    double both = Math.min(Math.min(q[i], q[j]), coActivation.count(layer, i, j) / tokens);
                    double neither = Math.max(0, 1 - q[i] - q[j] + Math.max(both, q[i] + q[j] - 1));
                    double c = power(neither, batchTokens) - miss[i] * miss[j];
                    cov[i * e + j] = c;
                    cov[j * e + i] = c;
                }
            }
        }
        double z = instances > 1 ? Math.sqrt(2 * Math.log(instances)) : 0;
        return new LayerModel(act, var, cov, z);
    }

    /**
     * {@code x^b} by squaring: E² / 2 of them per layer, and Math.pow cost 2/3 of a DeepSeek-V3
     * sized model's predictor time (about 100 ms of 150 ms for 61 layers on this 2-core machine).
     */
    static double power(double x, int b) {
        double result = 1;
        for (double f = x; b > 0; b >>= 1, f *= f) {
            if ((b & 1) != 0) {
                result *= f;
            }
        }
        return result;
    }
}
