package dev.janus.comm.placement.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every policy on random seeded inputs (shapes, skewed loads, co-activation, pins taken from a
 * feasible placement so that a solution exists): the invariants a placement must keep, and janus
 * never predicting a higher a_max than eplb.
 */
class PlacementPolicyPropertiesTest {

    static final JanusOptions JANUS = JanusOptions.DEFAULTS.withBatchTokens(16);

    record Case(RandomStatistics stats, ClusterShape shape, int redundant, Pins pins) {
    }

    static Case randomCase(SplittableRandom random, boolean withPins) {
        int n = 1 + random.nextInt(8);
        int e = 2 + random.nextInt(24);
        int c = (e + n - 1) / n + random.nextInt(3);
        int redundant = random.nextInt(n * c - e + 1);
        int[] divisors = java.util.stream.IntStream.rangeClosed(0, n).filter(d -> d == 0 || n % d == 0).toArray();
        ClusterShape shape = new ClusterShape(n, c, divisors[random.nextInt(divisors.length)]);
        int topK = 1 + random.nextInt(Math.min(e, 4));
        RandomStatistics stats = RandomStatistics.draw(random, 2, e, topK, 6, 1 + random.nextInt(24));
        Pins pins = Pins.NONE;
        if (withPins) {
            // pins taken from a feasible placement of the same counts, leaving every instance a free slot
            Placement base = new RoundRobinPolicy().plan(stats.load, stats.coActivation, shape, Pins.NONE, redundant);
            int[] pinnedOn = new int[n];
            for (int l = 0; l < 2; l++) {
                Arrays.fill(pinnedOn, 0);
                for (int tries = 0; tries < 3; tries++) {
                    int x = random.nextInt(e);
                    int[] at = base.instancesOf(l, x);
                    boolean fits = Arrays.stream(at).allMatch(i -> pinnedOn[i] + 1 < c);
                    if (pins.pin(l, x) != null || !fits) {
                        continue;
                    }
                    switch (random.nextInt(3)) {
                        case 0 -> pins = pins.withInstances(l, x, at);
                        case 1 -> pins = pins.withReplicas(l, x, at.length);
                        default -> pins = pins.withInstances(l, x, at).withReplicas(l, x, at.length);
                    }
                    if (pins.pin(l, x).pinned()) {
                        Arrays.stream(at).forEach(i -> pinnedOn[i]++);
                    }
                }
            }
        }
        return new Case(stats, shape, redundant, pins);
    }

    static List<PlacementPolicy> policies() {
        return List.of(new RoundRobinPolicy(), new EplbPolicy(), JanusWorkedExampleTest.janus(JANUS));
    }

    @Test
    void everyPolicyKeepsTheInvariants() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int round = 0; round < 150; round++) {
            Case k = randomCase(random, round % 2 == 1);
            for (PlacementPolicy policy : policies()) {
                Placement p = policy.plan(k.stats.load, k.stats.coActivation, k.shape, k.pins, k.redundant);
                String what = policy.name() + " round " + round + " " + k.shape + " R=" + k.redundant + " " + k.pins;
                check(p, k, what);
                assertThat(policy.plan(k.stats.load, k.stats.coActivation, k.shape, k.pins, k.redundant))
                        .as("deterministic: " + what).isEqualTo(p);
            }
        }
    }

    static void check(Placement p, Case k, String what) {
        int e = k.stats.load.experts();
        assertThat(p.physicalSlots()).as(what).isEqualTo(k.shape.physicalSlots());
        p.toEpoch(0); // distinct instances, every expert hosted
        for (int l = 0; l < p.layers(); l++) {
            int total = 0;
            for (int x = 0; x < e; x++) {
                int replicas = p.replicaCount(l, x);
                total += replicas;
                assertThat(replicas).as(what + " layer " + l + " expert " + x).isBetween(1, k.shape.instances());
                Pins.Pin pin = k.pins.pin(l, x);
                if (pin != null && pin.pinned()) {
                    int[] want = pin.instances().stream().mapToInt(Integer::intValue).sorted().toArray();
                    assertThat(p.instancesOf(l, x)).as(what + " pinned " + pin).containsExactly(want);
                }
                if (pin != null && pin.replicas() > 0) {
                    assertThat(replicas).as(what + " requested " + pin).isEqualTo(pin.replicas());
                }
            }
            assertThat(total).as(what + " replicas of layer " + l).isLessThanOrEqualTo(e + k.redundant);
        }
    }

    @Test
    void janusNeverPredictsAHigherAMaxThanEplb() {
        SplittableRandom random = new SplittableRandom(77);
        int improved = 0;
        for (int round = 0; round < 150; round++) {
            Case k = randomCase(random, round % 3 == 0);
            Placement eplb = new EplbPolicy().plan(k.stats.load, k.stats.coActivation, k.shape, k.pins, k.redundant);
            Placement janus = JanusWorkedExampleTest.janus(JANUS).plan(k.stats.load, k.stats.coActivation, k.shape, k.pins,
                    k.redundant);
            ActivationPredictor predictor = new ActivationPredictor(k.stats.load, k.stats.coActivation, JANUS);
            for (int l = 0; l < 2; l++) {
                double before = predictor.predictedAMax(eplb, l);
                double after = predictor.predictedAMax(janus, l);
                assertThat(after).as("round %d layer %d", round, l).isLessThanOrEqualTo(before + 1e-9);
                improved += after < before - 1e-6 ? 1 : 0;
            }
        }
        assertThat(improved).as("layers janus improved").isGreaterThan(30);
    }

    @Test
    void hierarchicalPlacementsKeepEachExpertInsideOneNode() {
        SplittableRandom random = new SplittableRandom(31);
        for (int round = 0; round < 60; round++) {
            int nodes = 2 + random.nextInt(3);
            int perNode = 2 + random.nextInt(3);
            int n = nodes * perNode;
            int e = nodes * (1 + random.nextInt(6));
            int c = (e + n - 1) / n + random.nextInt(2);
            int redundant = nodes * random.nextInt((n * c - e) / nodes + 1);
            ClusterShape shape = new ClusterShape(n, c, perNode);
            RandomStatistics stats = RandomStatistics.draw(random, 2, e, Math.min(e, 3), 6, 12);
            Case k = new Case(stats, shape, redundant, Pins.NONE);
            for (PlacementPolicy policy : List.of(new EplbPolicy(), JanusWorkedExampleTest.janus(JANUS))) {
                Placement p = policy.plan(stats.load, stats.coActivation, shape, Pins.NONE, redundant);
                String what = policy.name() + " round " + round + " " + shape + " E=" + e + " R=" + redundant;
                check(p, k, what);
                for (int l = 0; l < 2; l++) {
                    int total = 0;
                    for (int x = 0; x < e; x++) {
                        int[] at = p.instancesOf(l, x);
                        total += at.length;
                        // one group per node: expert x lives on the node its group was packed onto
                        assertThat(Arrays.stream(at).map(shape::nodeOf).distinct().count()).as(what).isEqualTo(1);
                    }
                    assertThat(total).as(what + " replicas").isEqualTo(e + redundant);
                }
            }
        }
    }

    @Test
    void replanKeepsTheOtherLayersSlotForSlot() {
        SplittableRandom random = new SplittableRandom(9);
        RandomStatistics stats = RandomStatistics.draw(random, 4, 16, 2, 8, 16);
        ClusterShape shape = ClusterShape.of(4, 5);
        Placement current = new RoundRobinPolicy().plan(stats.load, stats.coActivation, shape, Pins.NONE, 4);
        for (PlacementPolicy policy : policies()) {
            Placement full = policy.plan(stats.load, stats.coActivation, shape, Pins.NONE, 4);

            Placement some = policy.replan(current, Set.of(3, 1), stats.load, stats.coActivation, shape, Pins.NONE, 4);

            List<int[]> expected = new ArrayList<>(List.of(current.layer(0), full.layer(1), current.layer(2),
                    full.layer(3)));
            assertThat(some.slots()).as(policy.name()).isDeepEqualTo(expected.toArray(int[][]::new));
        }
    }

    @Test
    void policiesByName() {
        assertThat(PlacementPolicy.fromName("janus")).isInstanceOf(JanusPolicy.class);
        assertThat(PlacementPolicy.fromName(" EPLB ")).isInstanceOf(EplbPolicy.class);
        assertThat(PlacementPolicy.fromName("round-robin").name()).isEqualTo("round-robin");
        assertThat(PlacementPolicy.fromName(PlacementPolicy.DEFAULT).name()).isEqualTo("janus");
        assertThat(PlacementPolicy.isKnown("Janus")).isTrue();
        assertThat(PlacementPolicy.isKnown("greedy")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlacementPolicy.fromName("greedy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("greedy").hasMessageContaining("janus, eplb, round-robin");
    }
}
