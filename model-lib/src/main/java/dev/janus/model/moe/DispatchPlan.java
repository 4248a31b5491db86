package dev.janus.model.moe;

/**
 * Stage 2 of the MoE step: where each (token, slot) row goes. {@code physical(token, slot)} is
 * the physical expert (replica) serving that row; rows are also grouped by physical expert so an
 * executor reads each expert's weights once per step however many tokens chose it.
 *
 * <p>Row ids are {@code token * topK + slot}. Reused across steps; no allocation once grown.
 */
public final class DispatchPlan {

    private int tokens;
    private int topK;
    private int physicalExperts;
    private int[] physical = new int[0];    // [tokens * topK] physical expert of each row
    private int[] groupStart = new int[1];  // [physicalExperts + 1] offsets into groupedRows
    private int[] groupedRows = new int[0]; // row ids, grouped by physical expert, ascending within a group

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
        }
    }

    public void setPhysical(int row, int physicalExpert) {
        physical[row] = physicalExpert;
    }

    /** Groups rows by physical expert (counting sort, stable). Call after every setPhysical. */
    public void group() {
        int rows = tokens * topK;
        java.util.Arrays.fill(groupStart, 0, physicalExperts + 1, 0);
        for (int r = 0; r < rows; r++) {
            groupStart[physical[r] + 1]++;
        }
        for (int e = 0; e < physicalExperts; e++) {
            groupStart[e + 1] += groupStart[e];
        }
        // fill using groupStart as cursors, then shift back
        for (int r = 0; r < rows; r++) {
            groupedRows[groupStart[physical[r]]++] = r;
        }
        for (int e = physicalExperts; e > 0; e--) {
            groupStart[e] = groupStart[e - 1];
        }
        groupStart[0] = 0;
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
        return groupStart[physicalExpert + 1] - groupStart[physicalExpert];
    }

    /** The i-th row served by a physical expert. */
    public int groupRow(int physicalExpert, int i) {
        return groupedRows[groupStart[physicalExpert] + i];
    }
}
