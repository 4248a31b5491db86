package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four attention instances on one node, three MoE instances: two-phase sends one message per MoE
 * instance per layer step (3) where direct sends one per pair (12), and every sender gets back
 * exactly the rows it would have got directly.
 */
class NodeAggregatorTest {

    private static final int MEMBERS = 4;
    private static final int INSTANCES = 3;
    private static final int HIDDEN = 8;
    private static final int K = 2;

    /** A MoE instance that answers each slot's row scaled by (physical + 1), and counts calls. */
    private static final class ScalingInstances implements ExpertTransport {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletableFuture<InstanceResult> execute(int instance, InstanceBatch b) {
            calls.incrementAndGet();
            float[] out = new float[b.rows() * HIDDEN];
            int row = 0;
            for (int i = 0; i < b.tokens(); i++) {
                for (int s = 0; s < K; s++) {
                    int p = b.physicalExperts()[i * K + s];
                    if (p >= 0) {
                        for (int d = 0; d < HIDDEN; d++) {
                            out[row * HIDDEN + d] = b.hidden()[i * HIDDEN + d] * (p + 1);
                        }
                        row++;
                    }
                }
            }
            return CompletableFuture.completedFuture(new InstanceResult(b.stepId(), b.layer(), row, out));
        }
    }

    /** Member m's batch for instance i: m + 1 tokens, slot 0 on expert i, slot 1 on i + 3 or elsewhere. */
    private static InstanceBatch[] batches(int member, long step, int layer) {
        return batches(member, step, layer, 1);
    }

    private static InstanceBatch[] batches(int member, long step, int layer, long epoch) {
        InstanceBatch[] out = new InstanceBatch[INSTANCES];
        for (int inst = 0; inst < INSTANCES; inst++) {
            int tokens = member + 1;
            int[] index = new int[tokens];
            float[] hidden = new float[tokens * HIDDEN];
            int[] physical = new int[tokens * K];
            for (int t = 0; t < tokens; t++) {
                index[t] = t;
                for (int d = 0; d < HIDDEN; d++) {
                    hidden[t * HIDDEN + d] = 100 * member + 10 * t + d + layer;
                }
                physical[t * K] = inst;
                physical[t * K + 1] = t % 2 == 0 ? inst + INSTANCES : -1;
            }
            out[inst] = new InstanceBatch(step, layer, epoch, index, hidden, HIDDEN, K, physical);
        }
        return out;
    }

    @Test
    void membersOnDifferentPlacementEpochsAreNeverMergedIntoOneBulkMessage() {
        CommStats stats = new CommStats();
        java.util.List<Long> bulkEpochs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ScalingInstances instances = new ScalingInstances();
        ExpertTransport moe = (instance, b) -> {
            bulkEpochs.add(b.epoch());
            return instances.execute(instance, b);
        };
        NodeAggregator aggregator = new NodeAggregator(moe, 2, Duration.ofMillis(50), stats);
        // member 0 already runs epoch 2, member 1 still epoch 1 (a switch rolling over the node)
        CompletableFuture<InstanceResult>[] a = aggregator.submit(0, 0, 0, batches(0, 0, 0, 2));
        CompletableFuture<InstanceResult>[] b = aggregator.submit(1, 0, 0, batches(1, 0, 0, 1));
        for (int inst = 0; inst < INSTANCES; inst++) {
            assertThat(a[inst].join().rows()).isEqualTo(batches(0, 0, 0, 2)[inst].rows());
            assertThat(b[inst].join().rows()).isEqualTo(batches(1, 0, 0, 1)[inst].rows());
        }
        assertThat(bulkEpochs).hasSize(2 * INSTANCES).containsOnly(1L, 2L);
        assertThat(bulkEpochs.stream().filter(e -> e == 2L)).hasSize(INSTANCES);
    }

    @Test
    void twoPhaseSendsOneMessagePerMoeInstanceAndScattersBack() {
        int layerSteps = 2;
        CommStats direct = run(CommMode.DIRECT, layerSteps);
        CommStats twoPhase = run(CommMode.TWO_PHASE, layerSteps);

        System.out.println("4 attention x 3 MoE instances, " + layerSteps + " layer steps: DIRECT " + direct
                + " | TWO_PHASE " + twoPhase);
        assertThat(direct.directMessages()).isEqualTo(MEMBERS * INSTANCES * layerSteps);
        assertThat(direct.phase1Messages() + direct.phase2Messages()).isZero();
        assertThat(twoPhase.directMessages()).isZero();
        assertThat(twoPhase.phase2Messages()).isEqualTo(INSTANCES * layerSteps);
        assertThat(twoPhase.phase1Messages()).isEqualTo((MEMBERS - 1) * layerSteps);
        assertThat(twoPhase.interNodeMessages()).isLessThan(direct.interNodeMessages());
        // same rows cross the node boundary; phase 2 saves the per-message headers
        assertThat(twoPhase.phase2Bytes()).isEqualTo(direct.directBytes()
                - (long) (MEMBERS - 1) * INSTANCES * layerSteps * CommStats.HEADER_BYTES);
    }

    private static CommStats run(CommMode mode, int layerSteps) {
        CommStats stats = new CommStats();
        ScalingInstances moe = new ScalingInstances();
        NodeAggregator aggregator = new NodeAggregator(moe, MEMBERS, Duration.ofSeconds(30), stats);
        AdaptiveTransport[] senders = new AdaptiveTransport[MEMBERS];
        for (int m = 0; m < MEMBERS; m++) {
            senders[m] = new AdaptiveTransport(m, aggregator, moe, ModePolicy.always(mode), stats);
        }
        for (int layer = 0; layer < layerSteps; layer++) {
            InstanceBatch[][] sent = new InstanceBatch[MEMBERS][];
            @SuppressWarnings("unchecked")
            CompletableFuture<InstanceResult>[][] got = new CompletableFuture[MEMBERS][];
            for (int m = 0; m < MEMBERS; m++) {
                sent[m] = batches(m, layer, layer);
                got[m] = senders[m].executeStep(layer, layer, sent[m]);
            }
            for (int m = 0; m < MEMBERS; m++) {
                for (int inst = 0; inst < INSTANCES; inst++) {
                    InstanceResult expected = new ScalingInstances().execute(inst, sent[m][inst]).join();
                    InstanceResult actual = got[m][inst].join();
                    assertThat(actual.rows()).isEqualTo(expected.rows());
                    assertThat(actual.stepId()).isEqualTo(layer);
                    assertThat(Arrays.equals(actual.outputs(), expected.outputs()))
                            .as("%s member %d instance %d layer %d", mode, m, inst, layer).isTrue();
                }
            }
        }
        assertThat(moe.calls.get()).isEqualTo(mode == CommMode.DIRECT ? MEMBERS * INSTANCES * layerSteps
                : INSTANCES * layerSteps);
        return stats;
    }

    @Test
    void aSenderGoingDirectDoesNotHoldTheOthersBack() {
        CommStats stats = new CommStats();
        ScalingInstances moe = new ScalingInstances();
        NodeAggregator aggregator = new NodeAggregator(moe, 2, Duration.ofHours(1), stats);
        AdaptiveTransport twoPhase = new AdaptiveTransport(0, aggregator, moe, ModePolicy.always(CommMode.TWO_PHASE), stats);
        AdaptiveTransport direct = new AdaptiveTransport(1, aggregator, moe, ModePolicy.always(CommMode.DIRECT), stats);
        CompletableFuture<InstanceResult>[] waiting = twoPhase.executeStep(7, 0, batches(0, 7, 0));
        assertThat(waiting[0]).isNotDone();
        direct.executeStep(7, 0, batches(1, 7, 0));
        assertThat(waiting).allMatch(CompletableFuture::isDone);
        assertThat(stats.phase2Messages()).isEqualTo(INSTANCES);
        assertThat(stats.directMessages()).isEqualTo(INSTANCES);
    }

    @Test
    void aMissingSenderIsWaitedForOnlyUntilTheTimeout() {
        CommStats stats = new CommStats();
        NodeAggregator aggregator = new NodeAggregator(new ScalingInstances(), 2, Duration.ofMillis(50), stats);
        CompletableFuture<InstanceResult>[] got = new AdaptiveTransport(1, aggregator, new ScalingInstances(),
                ModePolicy.always(CommMode.TWO_PHASE), stats).executeStep(3, 1, batches(1, 3, 1));
        assertThat(got[2].join().rows()).isEqualTo(new ScalingInstances().execute(2, batches(1, 3, 1)[2]).join().rows());
        assertThat(stats.phase2Messages()).isEqualTo(INSTANCES);
    }

    @Test
    void membersAtDifferentStepsShareOneBulkMessageAndGetTheirOwnStepIdsBack() {
        CommStats stats = new CommStats();
        ScalingInstances moe = new ScalingInstances();
        NodeAggregator aggregator = new NodeAggregator(moe, 2, Duration.ofHours(1), stats);
        CompletableFuture<InstanceResult>[] a = aggregator.submit(0, 5, 2, batches(0, 5, 2));
        assertThat(a[0]).isNotDone();
        CompletableFuture<InstanceResult>[] b = aggregator.submit(1, 9, 2, batches(1, 9, 2));
        assertThat(moe.calls.get()).isEqualTo(INSTANCES);
        for (int inst = 0; inst < INSTANCES; inst++) {
            assertThat(a[inst].join().stepId()).isEqualTo(5);
            assertThat(b[inst].join().stepId()).isEqualTo(9);
            assertThat(b[inst].join().outputs()).isEqualTo(new ScalingInstances().execute(inst, batches(1, 9, 2)[inst]).join().outputs());
        }
    }

    @Test
    void aMemberWithTwoMicroBatchesInFlightIsInTwoGroups() {
        CommStats stats = new CommStats();
        ScalingInstances moe = new ScalingInstances();
        NodeAggregator aggregator = new NodeAggregator(moe, 2, Duration.ofHours(1), stats);
        CompletableFuture<InstanceResult>[] a0 = aggregator.submit(0, 0, 1, batches(0, 0, 1));
        CompletableFuture<InstanceResult>[] a1 = aggregator.submit(0, 1, 1, batches(0, 1, 1));
        assertThat(moe.calls.get()).isZero();
        aggregator.submit(1, 0, 1, batches(1, 0, 1));
        assertThat(a0).allMatch(CompletableFuture::isDone);
        assertThat(a1[0]).isNotDone();
        aggregator.submit(1, 1, 1, batches(1, 1, 1));
        assertThat(a1).allMatch(CompletableFuture::isDone);
        assertThat(stats.phase2Messages()).isEqualTo(2 * INSTANCES);
    }

    @Test
    void anIdleMemberIsNotWaitedFor() {
        CommStats stats = new CommStats();
        AtomicLong now = new AtomicLong();
        NodeAggregator aggregator = new NodeAggregator(new ScalingInstances(), 3, Duration.ofHours(1),
                Duration.ofMillis(30), stats, now::get);
        assertThat(aggregator.activeMembers()).as("every member counts as active for one window").isEqualTo(3);
        now.addAndGet(Duration.ofMillis(31).toNanos()); // no member has sent anything for longer than the window
        CompletableFuture<InstanceResult>[] alone = aggregator.submit(2, 0, 0, batches(2, 0, 0));
        assertThat(alone).allMatch(CompletableFuture::isDone);
        assertThat(aggregator.activeMembers()).isEqualTo(1);
        // member 2 is active now: a group opened by member 0 waits for it
        CompletableFuture<InstanceResult>[] waiting = aggregator.submit(0, 0, 3, batches(0, 0, 3));
        assertThat(waiting[0]).isNotDone();
        aggregator.skip(2, 1, 3, INSTANCES);
        assertThat(waiting).allMatch(CompletableFuture::isDone);
    }
}
