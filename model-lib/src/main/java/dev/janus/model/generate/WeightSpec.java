package dev.janus.model.generate;

import java.util.Arrays;

/**
 * One generated tensor: its HF name, shape and value range. Every element is
 * {@code center + bound * u} with u uniform in [-1, 1) from the tensor's own PRNG
 * ({@link WeightFiller}); uniform like torch's default {@code nn.Linear} init (kaiming_uniform).
 *
 * @param name   HF parameter name
 * @param shape  dimensions, outermost first ({@code [out, in]} for a linear weight)
 * @param center mean of the values (1 for RMSNorm weights, 0 otherwise)
 * @param bound  half-width of the uniform range
 */
public record WeightSpec(String name, long[] shape, float center, float bound) {

    private static final float SQRT3 = (float) Math.sqrt(3.0);

    public WeightSpec {
        shape = shape.clone();
    }

    /** A linear weight {@code [out, in]} with std {@code gain / sqrt(in)}, so outputs keep the input's scale. */
    static WeightSpec linear(String name, long out, long in, float gain) {
        return new WeightSpec(name, new long[] {out, in}, 0f, gain * SQRT3 / (float) Math.sqrt(in));
    }

    /** Values of std {@code std} around 0. */
    static WeightSpec withStd(String name, long[] shape, float std) {
        return new WeightSpec(name, shape, 0f, std * SQRT3);
    }

    /** An RMSNorm weight: 1 ± {@code noise}. */
    static WeightSpec norm(String name, long width, float noise) {
        return new WeightSpec(name, new long[] {width}, 1f, noise);
    }

    public long elementCount() {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && name.equals(w.name) && Arrays.equals(shape, w.shape)
                && Float.compare(center, w.center) == 0 && Float.compare(bound, w.bound) == 0;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
