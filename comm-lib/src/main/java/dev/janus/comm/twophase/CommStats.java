package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.InstanceBatch;

import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and bytes sent per communication mode (paper §3.2): direct (one message per attention
 * × MoE instance pair), phase 1 (attention instance → its node's aggregator; the aggregator's own
 * rows are not counted, they do not leave the process) and phase 2 (one bulk message per
 * node × MoE instance). Thread-safe and cheap to record ({@link LongAdder}); plain getters so a
 * service can bind gauges without comm-lib depending on Micrometer.
 */
public final class CommStats {

    /** Per-message overhead of an ActivationBatch on the wire: step id, layer, epoch, sizes. */
    public static final int HEADER_BYTES = 32;

    private final LongAdder directMessages = new LongAdder();
    private final LongAdder directBytes = new LongAdder();
    private final LongAdder phase1Messages = new LongAdder();
    private final LongAdder phase1Bytes = new LongAdder();
    private final LongAdder phase2Messages = new LongAdder();
    private final LongAdder phase2Bytes = new LongAdder();
    private final LongAdder directSteps = new LongAdder();
    private final LongAdder twoPhaseSteps = new LongAdder();
    private final LongAdder aggregatedBatches = new LongAdder();

    /**
     * Payload of a batch as the wire carries it (DESIGN.md §5 ActivationBatch): per token its row
     * index, its fp32 hidden row and its k physical slots, plus a fixed header.
     */
    public static long bytes(InstanceBatch b) {
        return HEADER_BYTES + (long) b.tokens() * (Integer.BYTES + (long) b.hiddenSize() * Float.BYTES
                + (long) b.topK() * Integer.BYTES);
    }

    public void recordDirect(long bytes) {
        directMessages.increment();
        directBytes.add(bytes);
    }

    public void recordPhase1(long bytes) {
        phase1Messages.increment();
        phase1Bytes.add(bytes);
    }

    public void recordPhase2(long bytes) {
        phase2Messages.increment();
        phase2Bytes.add(bytes);
    }

    /**
     * A two-phase step handed {@code batches} per-MoE-instance batches to the aggregator: the
     * messages it would have sent directly (compare with {@link #phase2Messages()}).
     */
    public void recordAggregated(int batches) {
        aggregatedBatches.add(batches);
    }

    /** One attention instance's layer step went out in {@code mode}. */
    public void recordStep(CommMode mode) {
        (mode == CommMode.DIRECT ? directSteps : twoPhaseSteps).increment();
    }

    public long directMessages() {
        return directMessages.sum();
    }

    public long directBytes() {
        return directBytes.sum();
    }

    public long phase1Messages() {
        return phase1Messages.sum();
    }

    public long phase1Bytes() {
        return phase1Bytes.sum();
    }

    public long phase2Messages() {
        return phase2Messages.sum();
    }

    public long phase2Bytes() {
        return phase2Bytes.sum();
    }

    public long directSteps() {
        return directSteps.sum();
    }

    public long twoPhaseSteps() {
        return twoPhaseSteps.sum();
    }

    public long aggregatedBatches() {
        return aggregatedBatches.sum();
    }

    /** Messages that crossed the node boundary (direct + phase 2). */
    public long interNodeMessages() {
        return directMessages() + phase2Messages();
    }

    @Override
    public String toString() {
        return "direct " + directMessages() + " msgs/" + directBytes() + " B, phase1 " + phase1Messages() + " msgs/"
                + phase1Bytes() + " B (" + aggregatedBatches() + " batches aggregated), phase2 " + phase2Messages() + " msgs/"
                + phase2Bytes() + " B";
    }
}
