package dev.janus.model.sampling;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The random state of one sequence: SplitMix64 (Steele, Lea, Flood 2014 — the generator behind
 * {@link java.util.SplittableRandom}), written out so that the whole state is one {@code long}
 * that can be read ({@link #state()}) and restored, e.g. when a sequence moves to another
 * attention instance. Same seed and same logits → same tokens. Not thread-safe: a sequence is
 * sampled by one thread at a time.
 */
public final class SequenceRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    private SequenceRandom(long state) {
        this.state = state;
    }

    /** A generator that gives the same stream for the same seed. */
    public static SequenceRandom seeded(long seed) {
        // Mix the seed once so that nearby seeds (0, 1, 2...) start far apart in the stream.
        return new SequenceRandom(mix64(seed));
    }

    /** Seeded from {@code params.seed()}, or from a random seed when it is null. */
    public static SequenceRandom forParams(SamplingParams params) {
        Long seed = params.seed();
        return seeded(seed != null ? seed : ThreadLocalRandom.current().nextLong());
    }

    /** Continues a stream captured with {@link #state()}. */
    public static SequenceRandom restore(long state) {
        return new SequenceRandom(state);
    }

    public long state() {
        return state;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** David Stafford's "Mix13" finalizer, as SplittableRandom uses. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
