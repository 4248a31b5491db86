package dev.janus.comm.scheduling;

import java.util.Arrays;

/**
 * Per-thread working memory of one scheduler: primitive arrays that grow to the largest shape
 * seen and are then reused, so a warm call allocates nothing. Arrays indexed by logical expert
 * are all-zero between calls; {@link #begin} restores that if a previous call threw half-way.
 */
final class SchedulerScratch {

    int[] tokensOf = new int[0];    // [E] rows that chose each logical expert (zero between calls)
    int[] chosen = new int[0];      // [E] physical replica serving each activated logical expert
    int[] activated = new int[0];   // [E] activated logical experts, first-seen order
    int[] order = new int[0];       // [E] activated replicated experts, processing order
    long[] sortKeys = new long[0];  // [E] packed sort keys
    int[] splitStart = new int[0];  // [E] first split segment of an expert, -1 when not split
    int[] count = new int[0];       // [N] activated experts per instance (a_i)
    long[] tokenLoad = new long[0]; // [N] rows per instance
    int[] visited = new int[0];     // [N] BFS stamp
    int[] parentExpert = new int[0]; // [N] BFS tree: expert moved into the instance
    int[] parentInstance = new int[0]; // [N] BFS tree: instance it comes from
    int[] queue = new int[0];       // [N]
    int[] hosts = new int[0];       // [N] water-filling candidates
    long[] base = new long[0];      // [N] water-filling base loads
    int[] segPhysical = new int[0]; // [P] split segments: physical replica
    int[] segEnd = new int[0];      // [P] split segments: cumulative row count
    int stamp;
    private boolean dirty;

    void begin(int logicalExperts, int instances, int physicalExperts) {
        if (tokensOf.length < logicalExperts) {
            tokensOf = new int[logicalExperts];
            chosen = new int[logicalExperts];
            activated = new int[logicalExperts];
            order = new int[logicalExperts];
            sortKeys = new long[logicalExperts];
            splitStart = new int[logicalExperts];
            Arrays.fill(splitStart, -1);
        } else if (dirty) {
            Arrays.fill(tokensOf, 0);
            Arrays.fill(splitStart, -1);
        }
        if (count.length < instances) {
            count = new int[instances];
            tokenLoad = new long[instances];
            visited = new int[instances];
            parentExpert = new int[instances];
            parentInstance = new int[instances];
            queue = new int[instances];
            hosts = new int[instances];
            base = new long[instances];
            stamp = 0;
        }
        if (segPhysical.length < physicalExperts) {
            segPhysical = new int[physicalExperts];
            segEnd = new int[physicalExperts];
        }
        dirty = true;
    }

    /** Marks the per-expert arrays clean again (the caller zeroed what it touched). */
    void end() {
        dirty = false;
    }
}
