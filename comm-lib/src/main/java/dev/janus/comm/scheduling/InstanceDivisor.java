package dev.janus.comm.scheduling;

/**
 * {@code physical / slotsPerInstance} (the hosting MoE instance, fixtures/aebs/README.md) as a
 * multiply and shift: an integer division costs 20–40 cycles and the schedulers do several per
 * activated expert. With {@code m = ceil(2^32 / c)}, {@code (p * m) >>> 32 == p / c} whenever
 * {@code p * c <= 2^32} (the rounding error {@code p * (m - 2^32 / c) / 2^32 < p / 2^32 <= 1 / c}
 * never carries past the fraction {@code (p mod c) / c <= 1 - 1 / c}; Lemire, Kaser, Kurz,
 * "Faster remainder by direct computation", 2019). {@link #of} checks that for every physical id.
 *
 * <p>Worked example (a test): {@code c = 9}: {@code m = 477218589}; {@code p = 287}:
 * {@code 287 * m = 136961735043}, {@code >>> 32} gives 31 = 287 / 9.
 */
final class InstanceDivisor {

    private InstanceDivisor() {
    }

    /**
     * The multiplier {@code ceil(2^32 / slotsPerInstance)} for physical ids in
     * {@code [0, physicalExperts)}.
     *
     * @throws IllegalArgumentException if {@code slotsPerInstance < 1} or
     *     {@code physicalExperts * slotsPerInstance > 2^32} (outside the exact range)
     */
    static long of(int slotsPerInstance, int physicalExperts) {
        if (slotsPerInstance < 1 || (long) physicalExperts * slotsPerInstance > (1L << 32)) {
            throw new IllegalArgumentException("no exact reciprocal for " + physicalExperts
                    + " physical experts and " + slotsPerInstance + " slots per instance");
        }
        return ((1L << 32) + slotsPerInstance - 1) / slotsPerInstance;
    }

    /** {@code physical / slotsPerInstance} for the multiplier {@link #of} gave. */
    static int instance(int physical, long multiplier) {
        return (int) ((physical * multiplier) >>> 32);
    }
}
