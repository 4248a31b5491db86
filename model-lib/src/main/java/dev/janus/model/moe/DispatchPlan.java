package dev.janus.model.moe;

import java.util.Arrays;

/**
 * Stage 2 of the MoE step: where each (token, slot) row goes. {@code physical(token, slot)} is
 * the physical expert (replica) serving that row; rows are also grouped by physical expert so an
 * executor reads each expert's weights once per step however many tokens chose it.
 *
 * <p>Row ids are {@code token * topK + slot}. Reused across steps; no allocation once grown.
 *
 * <p>The grouping is lazy: {@link #reset} and {@link #setPhysical} only mark it stale, and the
 * first {@link #groupSize} / {@link #groupRow} after a change computes it (or {@link #group()}
 * does, eagerly). Planners therefore only write physical ids, and a consumer that reads only
 * {@link #physical} (the split deployment's {@code BatchSplitter}) never pays for grouping,
 * which costs more than the activation scheduler itself at thousands of rows. Not thread-safe,
 * including the group reads: a plan read by several threads must be {@link #group() grouped}
 * first.
 */
public final class DispatchPlan {

    private int tokens;
    private int topK;
    private int physicalExperts;
    private int[] physical = new int[0];    // [tokens * topK] physical expert of each row
    private int[] groupStart = new int[1];  // [physicalExperts + 1] offsets into groupedRows
    private int[] groupedRows = new int[0]; // row ids, grouped by physical expert, ascending within a group
    private int[] counts = new int[0];      // [4, physicalExperts] group(): rows per expert, four histograms
    private boolean grouped = true;         // groupStart / groupedRows match physical
    private ExpertPlacement placement;      // what the physical ids refer to; null = identity (physical = logical)

    public void reset(int tokens, int topK, int physicalExperts) {
        this.tokens = tokens;
        this.topK = topK;
        this.physicalExperts = physicalExperts;
        int rows = tokens * topK;
        if (physical.length < rows) {
            physical = new int[rows];
            groupedRows = new int[rows];
        }
        if (groupStart.length < physicalExperts + 1) {
            groupStart = new int[physicalExperts + 1];
            counts = new int[4 * physicalExperts];
        }
        grouped = false;
    }

    public void setPhysical(int row, int physicalExpert) {
        physical[row] = physicalExpert;
        grouped = false;
    }

    /**
     * Groups rows by physical expert now (counting sort, stable) instead of at the next group
     * read. Only needed before handing the plan to several reader threads.
     *
     * <p>Large plans count into four interleaved histograms (row r into histogram r mod 4):
     * one histogram's increments of a hot expert form a load-add-store chain through memory,
     * four let the core overlap them; 1.3× faster for the counting sort at 4096 × 8 rows.
     */
    public void group() {
        int rows = tokens * topK;
        int experts = physicalExperts;
        int[] phys = physical;
        int[] start = groupStart;
        int[] out = groupedRows;
        if (rows < experts) {
            Arrays.fill(start, 0, experts + 1, 0);
            for (int r = 0; r < rows; r++) {
                start[phys[r] + 1]++;
            }
        } else {
            countInterleaved(phys, rows, experts);
        }
        for (int e = 0; e < experts; e++) {
            start[e + 1] += start[e];
        }
        // fill using start[p] as p's cursor; afterwards start[p] = end of p = start of p + 1
        for (int r = 0; r < rows; r++) {
            out[start[phys[r]]++] = r;
        }
        System.arraycopy(start, 0, start, 1, experts);
        start[0] = 0;
        grouped = true;
    }

    /** {@code groupStart[p + 1]} = rows of physical expert p, {@code groupStart[0] = 0}. */
    private void countInterleaved(int[] phys, int rows, int experts) {
        int[] c = counts;
        Arrays.fill(c, 0, 4 * experts, 0);
        int c1 = experts;
        int c2 = 2 * experts;
        int c3 = 3 * experts;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            c[phys[r]]++;
            c[c1 + phys[r + 1]]++;
            c[c2 + phys[r + 2]]++;
            c[c3 + phys[r + 3]]++;
        }
        for (; r < rows; r++) {
            c[phys[r]]++;
        }
        int[] start = groupStart;
        start[0] = 0;
        for (int p = 0; p < experts; p++) {
            start[p + 1] = c[p] + c[c1 + p] + c[c2 + p] + c[c3 + p];
        }
    }

    /**
     * The placement the physical ids were computed with (set by the planner after it read the
     * current epoch once for this layer step); null means one copy of every expert, physical =
     * logical.
     */
    public ExpertPlacement placement() {
        return placement;
    }

    public void setPlacement(ExpertPlacement placement) {
        this.placement = placement;
    }

    /** The logical expert a physical id of this plan holds, under {@link #placement()}. */
    public int logicalOf(int layer, int physicalExpert) {
        return placement == null ? physicalExpert : placement.logicalOf(layer, physicalExpert);
    }

    public int tokens() {
        return tokens;
    }

    public int topK() {
        return topK;
    }

    public int rows() {
        return tokens * topK;
    }

    public int physicalExperts() {
        return physicalExperts;
    }

    public int physical(int row) {
        return physical[row];
    }

    /** Number of rows served by a physical expert. */
    public int groupSize(int physicalExpert) {
        if (!grouped) {
            group();
        }
        return groupStart[physicalExpert + 1] - groupStart[physicalExpert];
    }

    /** The i-th row served by a physical expert. */
    public int groupRow(int physicalExpert, int i) {
        if (!grouped) {
            group();
        }
        return groupedRows[groupStart[physicalExpert] + i];
    }
}
