package dev.janus.comm.placement.policy;

/**
 * One layer's activation model for {@link ActivationPredictor}: per logical expert the chance a_e
 * that a batch of B tokens activates it and its variance, and per pair the covariance of the two
 * activation indicators. The covariance diagonal is 0 (the variance is kept apart), so sums of
 * {@code w_g * cov(e, g)} over an instance's replicas never count e with itself.
 */
final class LayerModel {

    final double[] act;  // [E] a_e = 1 - (1 - q_e)^B
    final double[] var;  // [E] a_e (1 - a_e)
    final double[] cov;  // [E * E] covariance of activations, diagonal 0; null = independent experts
    final double z;      // sqrt(2 ln N): expected maximum of N standard normals, roughly
    final int experts;

    LayerModel(double[] act, double[] var, double[] cov, double z) {
        this.act = act;
        this.var = var;
        this.cov = cov;
        this.z = z;
        this.experts = act.length;
    }

    double cov(int e, int f) {
        return cov == null || e < 0 || f < 0 ? 0 : cov[e * experts + f];
    }

    double score(double mean, double variance) {
        return mean + z * Math.sqrt(Math.max(0, variance));
    }

    /** {@code score(mean, variance) < bound}, without the square root when the answer is plain. */
    boolean below(double mean, double variance, double bound) {
        double room = bound - mean;
        return room > 0 && z * z * Math.max(0, variance) < room * room;
    }

    /** Mean and variance of instance {@code i}'s activated count: {@code [2]}. */
    double[] moments(int[] slots, int instance, int slotsPerInstance, double[] weight) {
        double mean = 0;
        double variance = 0;
        int base = instance * slotsPerInstance;
        for (int s = 0; s < slotsPerInstance; s++) {
            int e = slots[base + s];
            if (e < 0) {
                continue;
            }
            mean += weight[e] * act[e];
            variance += weight[e] * weight[e] * var[e];
            for (int t = s + 1; t < slotsPerInstance; t++) {
                int f = slots[base + t];
                variance += f < 0 ? 0 : 2 * weight[e] * weight[f] * cov(e, f);
            }
        }
        return new double[] {mean, variance};
    }
}
