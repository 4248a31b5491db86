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
 * @param fullRows rows {@code [0, fullRows)} use {@code bound}; later rows {@code bound * }{@value #QUIET_ROW_SCALE}
 *               (lm_head rows that no token maps to, so that sampling rarely lands on them)
 */
public record WeightSpec(String name, long[] shape, float center, float bound, long fullRows) {

    /** Scale of the rows past {@code fullRows}. */
    public static final float QUIET_ROW_SCALE = 0.05f;

    private static final float SQRT3 = (float) Math.sqrt(3.0);

    public WeightSpec {
        shape = shape.clone();
        if (fullRows < 0) {
            throw new IllegalArgumentException(name + ": fullRows must be >= 0");
        }
    }

    /** Every row at full scale. */
    public WeightSpec(String name, long[] shape, float center, float bound) {
        this(name, shape, center, bound, shape.length == 0 ? 1 : shape[0]);
    }

    /** The same tensor with rows from {@code rows} on at {@link #QUIET_ROW_SCALE}. */
    WeightSpec withFullRows(long rows) {
        return new WeightSpec(name, shape, center, bound, rows);
    }

    /** Rows (first dimension; 1 for a scalar). */
    public long rows() {
        return shape.length == 0 ? 1 : shape[0];
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
                && Float.compare(center, w.center) == 0 && Float.compare(bound, w.bound) == 0 && fullRows == w.fullRows;
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
