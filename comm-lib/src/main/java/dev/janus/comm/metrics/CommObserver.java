package dev.janus.comm.metrics;

/**
 * What the attention side's dispatch ({@code RemoteExpertExecutor}) reports for metrics, without
 * comm-lib depending on Micrometer: attention-service binds it to meters. Every argument is a
 * primitive so that a call allocates nothing; implementations must be thread-safe (answers are
 * reported on transport threads) and must not block.
 */
public interface CommObserver {

    /** Reports nothing. */
    CommObserver NONE = new CommObserver() {
    };

    /**
     * One {@code InstanceBatch} went out (failover retries included).
     *
     * @param layer            decoder layer
     * @param instance         MoE instance it was sent to
     * @param tokens           token rows carried (each token once per instance)
     * @param rows             (token, slot) output rows the instance must compute
     * @param activatedExperts distinct physical experts of the batch: weights the instance reads
     * @param bytes            payload as the wire carries it ({@code CommStats.bytes})
     */
    default void batchSent(int layer, int instance, int tokens, int rows, int activatedExperts, long bytes) {
    }

    /**
     * An instance answered a batch of this attention instance.
     *
     * @param roundTripNanos from handing the batch to the transport to the answer's arrival
     * @param bytes          payload of the answer (unweighted output rows, fp32, plus header)
     */
    default void batchAnswered(int layer, int instance, long roundTripNanos, long bytes) {
    }

    /**
     * The engine thread blocked {@code nanos} waiting for the experts' answers of one layer step
     * (or micro-batch): the time attention sat idle waiting for the MoE instances.
     */
    default void attentionIdle(int layer, long nanos) {
    }
}
