package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertCallException;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.twophase.AggregatorUnavailableException;
import dev.janus.comm.twophase.StepAggregator;
import dev.janus.comm.v1.InstanceActivations;
import dev.janus.comm.v1.NodeAggregatorServiceGrpc;
import dev.janus.comm.v1.NodeStep;
import dev.janus.comm.v1.NodeStepResult;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A node member's view of its node's aggregator, hosted by member 0 ({@link NodeAggregationService}):
 * one long-lived {@code NodeAggregatorService.Aggregate} stream, reopened on use after a failure.
 * Answers are matched to pending steps by (step id, layer, MoE instance). When the stream breaks,
 * every pending step fails with {@link AggregatorUnavailableException} (the member resends it
 * directly) and the aggregator counts as unavailable for {@code retryAfter}.
 */
public final class GrpcNodeAggregator implements StepAggregator, AutoCloseable {

    private final ManagedChannel channel;
    private final int members;
    private final long retryAfterNanos;
    private volatile int activeMembers;
    private volatile long unavailableUntil = System.nanoTime();
    private Link link;

    /** @param channel to member 0's aggregator; closed by {@link #close()} */
    public GrpcNodeAggregator(ManagedChannel channel, int members, Duration retryAfter) {
        this.channel = channel;
        this.members = members;
        this.retryAfterNanos = retryAfter.toNanos();
        this.activeMembers = members;
    }

    @Override
    public int members() {
        return members;
    }

    @Override
    public int activeMembers() {
        return activeMembers;
    }

    @Override
    public boolean available() {
        return System.nanoTime() - unavailableUntil >= 0;
    }

    @Override
    public CompletableFuture<InstanceResult>[] submit(int member, long stepId, int layer, InstanceBatch[] batches) {
        NodeStep.Builder step = NodeStep.newBuilder().setMember(member).setRequestStepId(stepId).setLayer(layer)
                .setInstances(batches.length);
        @SuppressWarnings("unchecked")
        CompletableFuture<InstanceResult>[] answers = new CompletableFuture[batches.length];
        Link l = link();
        for (int i = 0; i < batches.length; i++) {
            if (batches[i] != null) {
                step.addBatches(InstanceActivations.newBuilder().setInstance(i).setBatch(WireCodec.toWire(batches[i])));
                answers[i] = l.expect(new Key(stepId, layer, i));
            }
        }
        l.send(step.build());
        return answers;
    }

    @Override
    public void skip(int member, long stepId, int layer, int instances) {
        link().send(NodeStep.newBuilder().setMember(member).setRequestStepId(stepId).setLayer(layer)
                .setInstances(instances).setDirect(true).build());
    }

    private synchronized Link link() {
        if (link == null || link.broken) {
            link = new Link();
        }
        return link;
    }

    @Override
    public void close() {
        Link l;
        synchronized (this) {
            l = link;
        }
        if (l != null) {
            l.close();
        }
        Channels.shutdown(List.of(channel));
    }

    private record Key(long step, int layer, int instance) {
    }

    /** One stream to the aggregator and the answers waiting on it. */
    private final class Link implements StreamObserver<NodeStepResult> {
        private final PendingAnswers<Key> pending = new PendingAnswers<>();
        private final StreamObserver<NodeStep> requests;
        private volatile boolean broken;

        Link() {
            this.requests = NodeAggregatorServiceGrpc.newStub(channel).aggregate(this);
        }

        CompletableFuture<InstanceResult> expect(Key key) {
            return pending.expect(key);
        }

        synchronized void send(NodeStep step) { // StreamObserver is not thread-safe
            if (broken) {
                pending.failAll(new AggregatorUnavailableException("node aggregator stream is broken", null));
                return;
            }
            requests.onNext(step);
        }

        @Override
        public void onNext(NodeStepResult message) {
            activeMembers = Math.clamp(message.getActiveMembers(), 1, members);
            CompletableFuture<InstanceResult> f = pending.get(new Key(message.getRequestStepId(), message.getLayer(),
                    message.getInstance()));
            if (f == null) {
                return; // the step gave up (deadline) before the answer came
            }
            if (!message.getError().isEmpty()) {
                f.completeExceptionally(new ExpertCallException(message.getInstance(),
                        "(through the node aggregator) " + withoutInstancePrefix(message.getError()), null));
                return;
            }
            try {
                f.complete(WireCodec.fromWire(message.getResult()));
            } catch (IllegalArgumentException e) {
                f.completeExceptionally(new ExpertCallException(message.getInstance(), e.getMessage(), e));
            }
        }

        @Override
        public void onError(Throwable t) {
            broken("node aggregator stream failed: " + GrpcTls.describe(t), t);
        }

        @Override
        public void onCompleted() {
            broken("node aggregator closed the stream", null);
        }

        private void broken(String why, Throwable cause) {
            broken = true;
            unavailableUntil = System.nanoTime() + retryAfterNanos;
            pending.failAll(new AggregatorUnavailableException(why, cause));
        }

        synchronized void close() {
            if (!broken) {
                broken = true;
                requests.onCompleted();
            }
        }
    }

    private static String withoutInstancePrefix(String error) {
        return error.startsWith("MoE instance ") && error.indexOf(": ") > 0 ? error.substring(error.indexOf(": ") + 2) : error;
    }
}
