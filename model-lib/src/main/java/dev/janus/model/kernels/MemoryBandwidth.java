package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.ADD;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Streaming read bandwidth of this machine, the roofline for decode (which reads every active
 * weight once per token): a vectorized sum over an off-heap buffer, split over a
 * {@link ComputePool}, best of several passes. Use a buffer larger than the last-level cache
 * (and than the weights of interest) for a DRAM figure; a smaller one measures the cache.
 */
public final class MemoryBandwidth {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Bytes per chunk of the parallel loop (a multiple of 4 vectors). */
    private static final int CHUNK = 1 << 20;

    private MemoryBandwidth() {
    }

    /** Best read bandwidth in GB/s (1e9 bytes/s) over {@code passes} reads of {@code bytes}. */
    public static double measureGBps(ComputePool pool, long bytes, int passes) {
        long size = Math.max(CHUNK, bytes / CHUNK * CHUNK);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(size, 4096);
            buf.fill((byte) 1); // touch every page so the first pass is not page faults
            int chunks = (int) (size / CHUNK);
            float[] partial = new float[chunks]; // results kept so the JIT cannot drop the loads
            RangeTask sum = (start, end) -> {
                for (int c = start; c < end; c++) {
                    partial[c] = sumChunk(buf, (long) c * CHUNK);
                }
            };
            double best = 0;
            for (int p = 0; p < Math.max(1, passes); p++) {
                long t0 = System.nanoTime();
                pool.parallelFor(chunks, sum);
                long t1 = System.nanoTime();
                best = Math.max(best, size / (double) (t1 - t0));
            }
            return best;
        }
    }

    private static float sumChunk(MemorySegment buf, long from) {
        long step = F.vectorByteSize();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (long o = from, end = from + CHUNK; o < end; o += 4 * step) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, buf, o, LE));
            a1 = a1.add(FloatVector.fromMemorySegment(F, buf, o + step, LE));
            a2 = a2.add(FloatVector.fromMemorySegment(F, buf, o + 2 * step, LE));
            a3 = a3.add(FloatVector.fromMemorySegment(F, buf, o + 3 * step, LE));
        }
        return a0.add(a1).add(a2).add(a3).reduceLanes(ADD);
    }

    /** Prints bandwidth for 1..N threads: {@code MemoryBandwidth [MiB] [passes]}. */
    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 512;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int max = Runtime.getRuntime().availableProcessors();
        for (int threads = 1; threads <= max; threads++) {
            try (ComputePool pool = new ComputePool(threads, "bandwidth")) {
                double gbps = measureGBps(pool, mib << 20, passes);
                System.out.printf("%d MiB, %d thread(s): %.1f GB/s%n", mib, threads, gbps);
            }
        }
    }
}
