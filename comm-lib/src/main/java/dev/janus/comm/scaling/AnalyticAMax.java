package dev.janus.comm.scaling;

/**
 * a_max(n_e, B) from DESIGN.md §1.5's bound, for when no routing has been recorded:
 * <pre>
 *   a_max ≤ ⌈min(C, ā + sqrt(2·ā·ln n_e))⌉ + 1,     ā = activated experts / n_e,  C = ⌈(E + R) / n_e⌉
 * </pre>
 * (ā + sqrt(2 ā ln n) is the usual bound on the expected maximum of n counts of mean and variance
 * ā, as in placement/policy/ActivationPredictor). Activated experts under uniform routing:
 * {@code E·(1 − (1 − k/E)^B)}; uniform routing maximises the expected distinct count, so skewed
 * routing activates fewer. AEBS sends each activated expert to one replica, so activated physical
 * experts ≈ activated logical experts. The estimate is also capped by C and by the activated
 * count itself. Rows on the busiest instance: {@code r̄ + sqrt(2 r̄ ln n_e)}, r̄ = B·k / n_e.
 * Non-decreasing in B; a few floating-point operations per call.
 */
public final class AnalyticAMax implements AMaxSource {

    private final int experts;
    private final int topK;

    public AnalyticAMax(int experts, int topK) {
        if (experts <= 0 || topK <= 0 || topK > experts) {
            throw new IllegalArgumentException("need 0 < topK <= experts, got " + topK + ", " + experts);
        }
        this.experts = experts;
        this.topK = topK;
    }

    public static AnalyticAMax of(ModelDescription model) {
        return new AnalyticAMax(model.experts(), model.topK());
    }

    /** DESIGN.md §1.5: {@code ⌈min(C, ā + sqrt(2·ā·ln n))⌉ + 1}. */
    public static double bound(double meanActivatedPerInstance, int instances, int slotsPerInstance) {
        double a = meanActivatedPerInstance;
        return Math.ceil(Math.min(slotsPerInstance, a + Math.sqrt(2 * a * Math.log(instances)))) + 1;
    }

    /** Expected distinct experts a batch of B uniformly routed tokens activates. */
    public double activated(double batchTokens) {
        return experts * (1 - Math.pow(1 - (double) topK / experts, batchTokens));
    }

    @Override
    public MoeActivity activity(int instances, int redundantSlots, double batchTokens) {
        if (batchTokens <= 0) {
            return new MoeActivity(0, 0);
        }
        int slots = (experts + redundantSlots + instances - 1) / instances;
        double activated = activated(batchTokens);
        double aMax = Math.min(Math.min(slots, Math.ceil(activated)), bound(activated / instances, instances, slots));
        double rows = batchTokens * topK / instances;
        double maxRows = Math.min(batchTokens * topK, rows + Math.sqrt(2 * rows * Math.log(instances)));
        return new MoeActivity(aMax, maxRows);
    }
}
