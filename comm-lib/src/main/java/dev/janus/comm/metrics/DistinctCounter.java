package dev.janus.comm.metrics;

/**
 * Counts the distinct non-negative ids in a prefix of an array without allocating per call (a
 * generation stamp per id; the table grows only when a larger id appears). Not thread-safe: one
 * per thread or per serialised caller (a stream, the engine thread).
 */
public final class DistinctCounter {

    private int[] stamp = new int[0]; // [max id + 1] generation in which an id was last seen
    private int generation;

    /** Distinct values ≥ 0 among {@code ids[0..n)}; negative entries (no expert) are skipped. */
    public int count(int[] ids, int n) {
        if (++generation == 0) { // wrapped: forget every stamp
            java.util.Arrays.fill(stamp, 0);
            generation = 1;
        }
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            if (id < 0) {
                continue;
            }
            if (id >= stamp.length) {
                stamp = java.util.Arrays.copyOf(stamp, Math.max(id + 1, stamp.length * 2));
            }
            if (stamp[id] != generation) {
                stamp[id] = generation;
                distinct++;
            }
        }
        return distinct;
    }
}
