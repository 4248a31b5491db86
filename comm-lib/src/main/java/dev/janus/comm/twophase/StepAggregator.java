package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;

import java.util.concurrent.CompletableFuture;

/**
 * A node's aggregator as one attention instance sees it (paper §3.2): the {@link NodeAggregator}
 * itself on the member that hosts it, a gRPC client of it on the other members.
 */
public interface StepAggregator {

    /** Attention instances on the node. */
    int members();

    /** Members that sent a step recently: only they are waited for, and the cost model counts them. */
    int activeMembers();

    /** False while the aggregator cannot be reached: the member then sends directly. */
    default boolean available() {
        return true;
    }

    /**
     * Phase 1: the member's batches of one layer step, indexed by MoE instance (null where none);
     * the answer has a future at every non-null index, with the member's own rows and step id.
     * A future fails with {@link dev.janus.comm.dispatch.ExpertCallException} when the MoE
     * instance failed, or with {@link AggregatorUnavailableException} when the aggregator did.
     */
    CompletableFuture<InstanceResult>[] submit(int member, long stepId, int layer, InstanceBatch[] batches);

    /** The member sends its next step of {@code layer} directly; the node's group stops waiting for it. */
    void skip(int member, long stepId, int layer, int instances);
}
