package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;

import java.util.concurrent.CompletableFuture;

/**
 * One attention instance's transport under adaptive two-phase communication (paper §3.2): per
 * layer step it asks its {@link ModePolicy} (normally the {@link CommunicationCostModel}) whether
 * to send its batches directly, one message per MoE instance, or to its node's
 * {@link NodeAggregator} (phase 1), which merges the node's rows into one message per MoE
 * instance (phase 2). Going direct it tells the aggregator so, so the node's other senders are
 * not held back waiting for it.
 *
 * <p>Member 0 of a node hosts the aggregator: its phase 1 stays in the process and is not
 * counted. Single calls of {@link #execute} (failover retries) always go direct.
 */
public final class AdaptiveTransport implements ExpertTransport {

    private final int member;
    private final NodeAggregator aggregator;
    private final ExpertTransport direct;
    private final ModePolicy policy;
    private final CommStats stats;

    /**
     * @param member     this attention instance's index on its node, 0 ≤ member &lt; node members
     * @param aggregator the node's aggregator (its upstream is the phase-2 link)
     * @param direct     this instance's own link to the MoE instances
     */
    public AdaptiveTransport(int member, NodeAggregator aggregator, ExpertTransport direct, ModePolicy policy,
                             CommStats stats) {
        if (member < 0 || member >= aggregator.members()) {
            throw new IllegalArgumentException("member " + member + " of a node of " + aggregator.members());
        }
        this.member = member;
        this.aggregator = aggregator;
        this.direct = direct;
        this.policy = policy;
        this.stats = stats;
    }

    @Override
    public CompletableFuture<InstanceResult> execute(int instance, InstanceBatch batch) {
        stats.recordDirect(CommStats.bytes(batch));
        return direct.execute(instance, batch);
    }

    @Override
    public CompletableFuture<InstanceResult>[] executeStep(long stepId, int layer, InstanceBatch[] batches) {
        int messages = 0;
        long bytes = 0;
        for (InstanceBatch b : batches) {
            if (b != null) {
                messages++;
                bytes += CommStats.bytes(b);
            }
        }
        CommMode mode = policy.choose(new StepShape(messages, bytes, aggregator.members(), member == 0));
        stats.recordStep(mode);
        if (mode == CommMode.TWO_PHASE) {
            if (member != 0) {
                stats.recordPhase1(bytes);
            }
            return aggregator.submit(member, stepId, layer, batches);
        }
        if (aggregator.members() > 1) {
            aggregator.skip(member, stepId, layer, batches.length);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<InstanceResult>[] pending = new CompletableFuture[batches.length];
        for (int i = 0; i < batches.length; i++) {
            if (batches[i] != null) {
                pending[i] = execute(i, batches[i]);
            }
        }
        return pending;
    }
}
