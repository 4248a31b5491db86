package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.twophase.NodeAggregator;
import dev.janus.comm.v1.InstanceActivations;
import dev.janus.comm.v1.NodeAggregatorServiceGrpc;
import dev.janus.comm.v1.NodeStep;
import dev.janus.comm.v1.NodeStepResult;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The aggregator end of {@code NodeAggregatorService.Aggregate} (phase 1 of two-phase
 * communication, paper §3.2), hosted by member 0 of a node: each {@code NodeStep} of another
 * member joins the {@link NodeAggregator}; each of its MoE instances' answers goes back on the
 * same stream as soon as the bulk message it rode in is answered. A malformed step ends the
 * stream with INVALID_ARGUMENT (the member then sends directly).
 */
public final class NodeAggregationService extends NodeAggregatorServiceGrpc.NodeAggregatorServiceImplBase {

    private final NodeAggregator aggregator;

    public NodeAggregationService(NodeAggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Override
    public StreamObserver<NodeStep> aggregate(StreamObserver<NodeStepResult> responses) {
        return new StreamObserver<>() {
            private boolean done;

            @Override
            public void onNext(NodeStep step) {
                if (isDone()) {
                    return;
                }
                try {
                    accept(step);
                } catch (IllegalArgumentException e) {
                    fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
                }
            }

            private void accept(NodeStep step) {
                int member = step.getMember();
                if (member < 1 || member >= aggregator.members()) {
                    throw new IllegalArgumentException("NodeStep.member " + member + ": members of this node are 1.."
                            + (aggregator.members() - 1) + " (0 is the aggregator's host)");
                }
                int instances = step.getInstances();
                if (instances < 1 || instances > 1 << 16) {
                    throw new IllegalArgumentException("NodeStep.instances " + instances + " is not a MoE instance count");
                }
                if (step.getDirect()) {
                    aggregator.skip(member, step.getRequestStepId(), step.getLayer(), instances);
                    return;
                }
                InstanceBatch[] batches = new InstanceBatch[instances];
                for (InstanceActivations a : step.getBatchesList()) {
                    if (a.getInstance() < 0 || a.getInstance() >= instances || batches[a.getInstance()] != null) {
                        throw new IllegalArgumentException("NodeStep.batches: instance " + a.getInstance()
                                + " out of 0.." + (instances - 1) + " or repeated");
                    }
                    InstanceBatch b = WireCodec.fromWire(a.getBatch());
                    if (b.stepId() != step.getRequestStepId() || b.layer() != step.getLayer()) {
                        throw new IllegalArgumentException("NodeStep.batches: batch of step " + b.stepId() + " layer "
                                + b.layer() + " in step " + step.getRequestStepId() + " layer " + step.getLayer());
                    }
                    batches[a.getInstance()] = b;
                }
                CompletableFuture<InstanceResult>[] answers = aggregator.submit(member, step.getRequestStepId(),
                        step.getLayer(), batches);
                for (int i = 0; i < instances; i++) {
                    if (answers[i] != null) {
                        int instance = i;
                        int hidden = batches[i].hiddenSize();
                        NodeStepResult.Builder head = NodeStepResult.newBuilder().setRequestStepId(step.getRequestStepId())
                                .setLayer(step.getLayer()).setInstance(instance);
                        answers[i].whenComplete((r, e) -> reply(head, hidden, r, e));
                    }
                }
            }

            private void reply(NodeStepResult.Builder m, int hidden, InstanceResult result, Throwable error) {
                m.setActiveMembers(aggregator.activeMembers());
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    m.setError(String.valueOf(cause.getMessage()));
                } else {
                    m.setResult(WireCodec.toWire(result, hidden));
                }
                synchronized (this) { // answers complete on the upstream's threads; a StreamObserver is not thread-safe
                    if (!done) {
                        responses.onNext(m.build());
                    }
                }
            }

            private synchronized boolean isDone() {
                return done;
            }

            @Override
            public synchronized void onError(Throwable t) {
                done = true; // the member went away; its pending answers are dropped
            }

            @Override
            public synchronized void onCompleted() {
                if (!done) {
                    done = true;
                    responses.onCompleted();
                }
            }

            private synchronized void fail(Status status) {
                done = true;
                responses.onError(status.asRuntimeException());
            }
        };
    }
}
