package dev.janus.comm.metrics;

/**
 * What a MoE instance's {@code ExpertStreamService} reports for metrics, without comm-lib
 * depending on Micrometer: expert-service binds it to meters. Primitive arguments only (no
 * allocation per call); implementations must be thread-safe and must not block.
 */
public interface ExpertObserver {

    /** Reports nothing. */
    ExpertObserver NONE = new ExpertObserver() {
    };

    /**
     * One batch was computed.
     *
     * @param layer            decoder layer
     * @param tokens           token rows received
     * @param rows             (token, slot) rows computed
     * @param activatedExperts distinct physical experts whose weights were read
     * @param computeNanos     grouped expert FFNs, excluding waiting for the worker and the wire
     */
    default void batchComputed(int layer, int tokens, int rows, int activatedExperts, long computeNanos) {
    }

    /**
     * The instance had no batch to compute for {@code nanos} while attention instances had a
     * stream open to it: the time it waited for the attention side. Reported when the wait ends.
     */
    default void idle(long nanos) {
    }
}
