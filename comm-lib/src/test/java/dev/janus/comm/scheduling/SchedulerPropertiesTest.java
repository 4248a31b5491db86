package dev.janus.comm.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Properties of every policy on random placements and skewed random routings. */
class SchedulerPropertiesTest {

    private static final int CASES = 3000;

    record Case(PlacementEpoch epoch, RoutingDecision routing) {
    }

    static Case randomCase(SplittableRandom random) {
        int instances = 1 + random.nextInt(8);
        int experts = 2 + random.nextInt(40);
        int slotsPerInstance = (experts + instances - 1) / instances + random.nextInt(4);
        int room = instances * slotsPerInstance - experts;
        PlacementEpoch epoch = RandomBatches.placement(random, experts, instances, slotsPerInstance,
                room == 0 ? 0 : random.nextInt(room + 1));
        int topK = 1 + random.nextInt(Math.min(8, experts));
        int tokens = 1 + random.nextInt(random.nextBoolean() ? 4 : 64);
        RoutingDecision routing = RandomBatches.routing(random, tokens, topK, experts, random.nextDouble() * 1.5);
        return new Case(epoch, routing);
    }

    static List<ActivationScheduler> allSchedulers() {
        List<ActivationScheduler> all = new ArrayList<>();
        for (SchedulingPolicy policy : SchedulingPolicy.values()) {
            all.add(policy.create(SchedulerOptions.DEFAULT.withSeed(42)));
            all.add(policy.create(SchedulerOptions.DEFAULT.withSeed(42).withSpreadTokens(true)));
        }
        return all;
    }

    static int[] activatedExperts(RoutingDecision routing, int experts) {
        boolean[] on = new boolean[experts];
        for (int t = 0; t < routing.tokens(); t++) {
            for (int s = 0; s < routing.topK(); s++) {
                on[routing.expert(t, s)] = true;
            }
        }
        int[] list = new int[experts];
        int n = 0;
        for (int e = 0; e < experts; e++) {
            if (on[e]) {
                list[n++] = e;
            }
        }
        return Arrays.copyOf(list, n);
    }

    static int[] snapshot(DispatchPlan plan) {
        int[] out = new int[plan.rows()];
        for (int r = 0; r < out.length; r++) {
            out[r] = plan.physical(r);
        }
        return out;
    }

    @Test
    void everyRowKeepsItsLogicalExpertWeightAndGetsAHostingReplica() {
        SplittableRandom random = new SplittableRandom(1);
        DispatchPlan plan = new DispatchPlan();
        for (int c = 0; c < CASES / 3; c++) {
            Case x = randomCase(random);
            LayerPlacement layer = x.epoch().layer(0);
            int rows = x.routing().tokens() * x.routing().topK();
            int[] experts = new int[rows];
            float[] weights = new float[rows];
            for (int r = 0; r < rows; r++) {
                experts[r] = x.routing().expert(r / x.routing().topK(), r % x.routing().topK());
                weights[r] = x.routing().weight(r / x.routing().topK(), r % x.routing().topK());
            }
            for (ActivationScheduler scheduler : allSchedulers()) {
                scheduler.schedule(x.routing(), x.epoch(), 0, plan);

                assertThat(plan.tokens()).isEqualTo(x.routing().tokens());
                assertThat(plan.topK()).isEqualTo(x.routing().topK());
                assertThat(plan.physicalExperts()).isEqualTo(x.epoch().physicalExperts());
                int grouped = 0;
                for (int p = 0; p < plan.physicalExperts(); p++) {
                    for (int i = 0; i < plan.groupSize(p); i++) {
                        assertThat(plan.physical(plan.groupRow(p, i))).isEqualTo(p);
                    }
                    grouped += plan.groupSize(p);
                }
                assertThat(grouped).isEqualTo(rows);
                for (int r = 0; r < rows; r++) {
                    int k = x.routing().topK();
                    assertThat(x.routing().expert(r / k, r % k)).isEqualTo(experts[r]);
                    assertThat(x.routing().weight(r / k, r % k)).isEqualTo(weights[r]);
                    assertThat(layer.logicalOf(plan.physical(r)))
                            .as("%s row %d", scheduler.policy(), r).isEqualTo(experts[r]);
                }
            }
        }
    }

    @Test
    void repairedPoliciesReachTheExactOptimumAndNeverLoseToAnyOtherPolicy() {
        SplittableRandom random = new SplittableRandom(2);
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        ActivationScheduler rep = SchedulingPolicy.AEBS_REP.create();
        ActivationScheduler plus = SchedulingPolicy.AEBS_PLUS.create();
        int repairedBetterThanGreedy = 0;
        for (int c = 0; c < CASES; c++) {
            Case x = randomCase(random);
            int optimum = ExactAMax.of(x.epoch().layer(0), x.epoch().instances(),
                    activatedExperts(x.routing(), x.epoch().logicalExperts()));

            rep.schedule(x.routing(), x.epoch(), 0, plan);
            int repAMax = metrics.measure(plan, x.epoch()).aMax();
            plus.schedule(x.routing(), x.epoch(), 0, plan);
            int plusAMax = metrics.measure(plan, x.epoch()).aMax();

            assertThat(repAMax).as("case %d aebs-rep", c).isEqualTo(optimum);
            assertThat(plusAMax).as("case %d aebs+", c).isEqualTo(optimum);
            int[] others = new int[SchedulingPolicy.values().length];
            for (ActivationScheduler other : allSchedulers()) {
                other.schedule(x.routing(), x.epoch(), 0, plan);
                int aMax = metrics.measure(plan, x.epoch()).aMax();
                assertThat(aMax).as("case %d %s", c, other.policy()).isGreaterThanOrEqualTo(optimum);
                others[other.policy().ordinal()] = aMax;
            }
            repairedBetterThanGreedy += others[SchedulingPolicy.AEBS.ordinal()] > repAMax ? 1 : 0;
        }
        // the inputs are hard enough to separate the policies (otherwise the test could not fail);
        // the greedy losing to static is rarer: golden_counterexample.txt covers it
        assertThat(repairedBetterThanGreedy).isPositive();
    }

    /**
     * aebs / aebs-rep stop reading rows once every expert is activated (checkpoints at 2E, 4E, ...
     * rows): an expert first chosen by the very last token, after one or more checkpoints, must
     * still be scheduled, and a complete U found at a checkpoint must give the full-scan plan.
     */
    @Test
    void largeBatchesFindExpertsFirstChosenByTheLastTokenAndStopEarlyOnceAllAreActivated() {
        SplittableRandom random = new SplittableRandom(6);
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        for (int c = 0; c < 300; c++) {
            int experts = 4 + random.nextInt(60);
            int instances = 2 + random.nextInt(6);
            int slotsPerInstance = (experts + instances - 1) / instances + 1 + random.nextInt(3);
            PlacementEpoch epoch = RandomBatches.placement(random, experts, instances, slotsPerInstance,
                    random.nextInt(instances * slotsPerInstance - experts + 1));
            int topK = 1 + random.nextInt(Math.min(8, experts - 1));
            int tokens = 8 * experts + random.nextInt(200);
            // expert `late`: chosen by the last token only (U completes there), by nobody (never
            // completes), or like any other (U completes early: the pass stops at a checkpoint)
            int mode = random.nextInt(3);
            int late = mode == 2 ? -1 : random.nextInt(experts);
            boolean lateChosen = mode == 0;
            RoutingDecision routing = new RoutingDecision();
            routing.reset(tokens, topK);
            for (int t = 0; t < tokens; t++) {
                int first = t == tokens - 1 && lateChosen ? late : -1;
                for (int j = 0; j < topK; j++) {
                    int e = j == 0 && first >= 0 ? first : random.nextInt(experts);
                    boolean taken = e == late && first < 0; // late is only ever the last token's first
                    for (int i = 0; i < j && !taken; i++) {
                        taken = routing.expert(t, i) == e;
                    }
                    if (taken) {
                        j--;
                        continue;
                    }
                    routing.set(t, j, e, 1f / topK);
                }
            }
            int[] active = activatedExperts(routing, experts);
            assertThat(active.length).isEqualTo(mode == 1 ? experts - 1 : experts);
            int optimum = ExactAMax.of(epoch.layer(0), instances, active);
            for (SchedulingPolicy policy : List.of(SchedulingPolicy.AEBS, SchedulingPolicy.AEBS_REP)) {
                policy.create().schedule(routing, epoch, 0, plan);
                for (int r = 0; r < plan.rows(); r++) {
                    assertThat(epoch.layer(0).logicalOf(plan.physical(r))).isEqualTo(routing.expert(r / topK, r % topK));
                }
                if (policy == SchedulingPolicy.AEBS_REP) {
                    assertThat(metrics.measure(plan, epoch).aMax()).as("case %d", c).isEqualTo(optimum);
                }
            }
        }
    }

    @Test
    void spreadingTokensNeverRaisesAMaxNorTheMaximumRowsPerInstance() {
        SplittableRandom random = new SplittableRandom(3);
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        int lowered = 0;
        for (SchedulingPolicy policy : List.of(SchedulingPolicy.AEBS, SchedulingPolicy.AEBS_REP, SchedulingPolicy.AEBS_PLUS)) {
            ActivationScheduler whole = policy.create();
            ActivationScheduler spread = policy.create(SchedulerOptions.DEFAULT.withSpreadTokens(true));
            for (int c = 0; c < CASES / 3; c++) {
                Case x = randomCase(random);
                whole.schedule(x.routing(), x.epoch(), 0, plan);
                int aMax = metrics.measure(plan, x.epoch()).aMax();
                long maxRows = metrics.maxRows();
                spread.schedule(x.routing(), x.epoch(), 0, plan);
                metrics.measure(plan, x.epoch());

                // never raised; the paper's greedy can even gain when a whole expert moves
                assertThat(metrics.aMax()).as("%s case %d", policy, c).isLessThanOrEqualTo(aMax);
                assertThat(metrics.maxRows()).as("%s case %d", policy, c).isLessThanOrEqualTo(maxRows);
                lowered += metrics.maxRows() < maxRows ? 1 : 0;
            }
        }
        assertThat(lowered).isPositive();
    }

    @Test
    void plansAreIdenticalAcrossRepeatedCallsInstancesAndThreads() throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        List<Case> cases = new ArrayList<>();
        for (int c = 0; c < 200; c++) {
            cases.add(randomCase(random));
        }
        List<ActivationScheduler> shared = allSchedulers();
        int[][][] expected = new int[cases.size()][shared.size()][];
        DispatchPlan plan = new DispatchPlan();
        for (int c = 0; c < cases.size(); c++) {
            for (int s = 0; s < shared.size(); s++) {
                shared.get(s).schedule(cases.get(c).routing(), cases.get(c).epoch(), 0, plan);
                expected[c][s] = snapshot(plan);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread;
                results.add(pool.submit(() -> {
                    List<ActivationScheduler> fresh = allSchedulers();
                    DispatchPlan own = new DispatchPlan();
                    int mismatches = 0;
                    for (int round = 0; round < 3; round++) {
                        for (int i = 0; i < cases.size(); i++) {
                            int c = (i * 7 + offset * 13 + round) % cases.size(); // a different order per thread
                            for (int s = 0; s < shared.size(); s++) {
                                ActivationScheduler scheduler = (round % 2 == 0 ? shared : fresh).get(s);
                                scheduler.schedule(cases.get(c).routing(), cases.get(c).epoch(), 0, own);
                                mismatches += Arrays.equals(snapshot(own), expected[c][s]) ? 0 : 1;
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
