package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One attention instance's transport under adaptive two-phase communication (paper §3.2): per
 * layer step it asks its {@link ModePolicy} (normally the {@link CommunicationCostModel}) whether
 * to send its batches directly, one message per MoE instance, or to its node's
 * {@link NodeAggregator} (phase 1), which merges the node's rows into one message per MoE
 * instance (phase 2). Going direct it tells the aggregator so, so the node's other senders are
 * not held back waiting for it.
 *
 * <p>Member 0 of a node hosts the aggregator: its phase 1 stays in the process and is not
 * counted. Single calls of {@link #execute} (failover retries) always go direct. When the
 * aggregator is unreachable the step goes direct, and a step the aggregator dropped
 * ({@link AggregatorUnavailableException}) is resent directly: a lost aggregator costs latency,
 * never a request.
 */
public final class AdaptiveTransport implements ExpertTransport {

    private final int member;
    private final StepAggregator aggregator;
    private final ExpertTransport direct;
    private final ModePolicy policy;
    private final CommStats stats;

    /**
     * @param member     this attention instance's index on its node, 0 ≤ member &lt; node members
     * @param aggregator the node's aggregator: in process on member 0, a gRPC client of it elsewhere
     * @param direct     this instance's own link to the MoE instances
     */
    public AdaptiveTransport(int member, StepAggregator aggregator, ExpertTransport direct, ModePolicy policy,
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
        boolean reachable = aggregator.members() > 1 && aggregator.available();
        CommMode mode = reachable
                ? policy.choose(new StepShape(messages, bytes, aggregator.activeMembers(), member == 0))
                : CommMode.DIRECT;
        stats.recordStep(mode);
        if (mode == CommMode.TWO_PHASE) {
            stats.recordAggregated(messages);
            if (member != 0) {
                stats.recordPhase1(bytes);
            }
            CompletableFuture<InstanceResult>[] pending = aggregator.submit(member, stepId, layer, batches);
            for (int i = 0; i < pending.length; i++) {
                if (pending[i] != null) {
                    InstanceBatch batch = batches[i];
                    int instance = i;
                    pending[i] = pending[i].exceptionallyCompose(e -> unwrap(e) instanceof AggregatorUnavailableException
                            ? execute(instance, batch) : CompletableFuture.failedFuture(unwrap(e)));
                }
            }
            return pending;
        }
        if (reachable) {
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

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
