package dev.janus.comm.scaling.sim;

import java.util.random.RandomGenerator;

/** Gamma(shape, 1) variates: Marsaglia and Tsang (2000), with the k &lt; 1 boost U^(1/k). */
final class GammaSampler {

    private GammaSampler() {
    }

    static double sample(RandomGenerator random, double shape) {
        if (shape < 1) {
            return sample(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
