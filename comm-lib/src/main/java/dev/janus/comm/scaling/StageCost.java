package dev.janus.comm.scaling;

/**
 * The cost of one stage (an attention layer step, an MoE layer step) on one device, roofline
 * style: {@code overhead + max(bytes · nanosPerByte, flops · nanosPerFlop)} when memory traffic
 * and compute overlap (GPUs: Williams, Waterman &amp; Patterson, "Roofline", CACM 2009), or their
 * sum when they do not (the form fitted for CPUs by {@link ProfileFit}, linear in its constants).
 *
 * @param overheadNanos fixed cost per stage (kernel launches, synchronisation)
 * @param nanosPerByte  1 / effective memory bandwidth, 0 = no per-byte cost
 * @param nanosPerFlop  1 / effective compute rate, 0 = no per-flop cost
 * @param roofline      max (true) or sum (false) of the two terms
 */
public record StageCost(double overheadNanos, double nanosPerByte, double nanosPerFlop, boolean roofline) {

    public StageCost {
        if (!(overheadNanos >= 0) || !(nanosPerByte >= 0) || !(nanosPerFlop >= 0)
                || Double.isInfinite(overheadNanos + nanosPerByte + nanosPerFlop)) {
            throw new IllegalArgumentException("stage cost constants must be finite and >= 0, got " + overheadNanos
                    + ", " + nanosPerByte + ", " + nanosPerFlop);
        }
    }

    /** Nanoseconds for a stage that moves {@code bytes} and computes {@code flops}. */
    public double nanos(double bytes, double flops) {
        double memory = bytes * nanosPerByte;
        double compute = flops * nanosPerFlop;
        return overheadNanos + (roofline ? Math.max(memory, compute) : memory + compute);
    }
}
