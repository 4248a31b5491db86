package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.PlacementEvaluator;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** a_max replayed through the real scheduler: the DESIGN.md bound, PlacementEvaluator's numbers, monotonicity. */
class ReplayedAMaxTest {

    static final int E = 32;
    static final int K = 4;
    static final int[] GRID = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    /** Zipf-like skew: expert e gets 1000 / (e + 1), shuffled per layer by a stride. */
    static ExpertLoad skewed(int layers) {
        long[][] rows = new long[layers][E];
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < E; e++) {
                rows[l][(e * (5 + 2 * l)) % E] = 1000 / (e + 1);
            }
        }
        return ExpertLoad.of(rows);
    }

    static ReplayedAMax replayed() {
        ExpertLoad load = skewed(3);
        CoActivation none = CoActivation.none(3, E);
        RoutingPool pool = RoutingPool.synthetic(load, none, K, new int[] {0, 2}, 1024, 42);
        return new ReplayedAMax(pool, load, none, PlacementPolicy.fromName("janus"), SchedulingPolicy.DEFAULT, GRID);
    }

    @Test
    void replayedAMaxRespectsTheAnalyticBoundAndSlots() {
        ReplayedAMax replayed = replayed();
        for (int n : new int[] {1, 2, 3, 4, 8}) {
            for (int r : new int[] {0, n == 1 ? 0 : 8}) {
                AMaxTable t = replayed.table(n, r);
                for (int g = 0; g < GRID.length; g++) {
                    double bound = AnalyticAMax.bound(t.meanActivated()[g], n, t.slotsPerInstance());
                    assertThat(t.meanAMax()[g]).as("n_e " + n + ", R " + r + ", B " + GRID[g])
                            .isLessThanOrEqualTo(bound).isLessThanOrEqualTo(t.slotsPerInstance());
                    assertThat(t.meanAMax()[g]).isGreaterThanOrEqualTo(t.meanActivated()[g] - 1e-9);
                }
            }
        }
    }

    @Test
    void tableIsPlacementEvaluatorsMeanAMaxMadeMonotone() {
        ReplayedAMax replayed = replayed();
        int n = 4;
        AMaxTable table = replayed.table(n, 8);
        RoutingPool pool = RoutingPool.synthetic(skewed(3), CoActivation.none(3, E), K, new int[] {0, 2}, 1024, 42);
        PlacementEvaluator evaluator = new PlacementEvaluator(SchedulingPolicy.DEFAULT);
        double runningMax = 0;
        for (int g = 0; g < GRID.length; g++) {
            List<RoutingTraceReader.Entry> batches = new ArrayList<>();
            for (int l = 0; l < 2; l++) {
                for (int b = 0; b < Math.clamp(pool.tokens(l) / GRID[g], 1, 32); b++) {
                    RoutingDecision d = new RoutingDecision();
                    pool.batch(l, b, GRID[g], d);
                    batches.add(new RoutingTraceReader.Entry(l, d));
                }
            }
            runningMax = Math.max(runningMax, evaluator.evaluate(replayed.placement(n, 8), batches).meanAMax());
            assertThat(table.meanAMax()[g]).as("B " + GRID[g]).isCloseTo(runningMax, within(1e-9));
        }
    }

    @Test
    void readsBetweenAndBeyondTheGridWithoutFalling() {
        AMaxTable t = replayed().table(4, 0);
        double previous = 0;
        for (double b = 0; b <= 1024; b += 0.5) {
            MoeActivity a = t.at(b);
            assertThat(a.aMax()).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(t.slotsPerInstance());
            previous = a.aMax();
        }
        assertThat(t.at(1024).aMax()).isEqualTo(t.slotsPerInstance()); // 4096 rows over 32 experts: all active
        assertThat(t.at(512).maxRows()).isCloseTo(2 * t.at(256).maxRows(), within(1e-9));
    }

    @Test
    void refusesAPoolSmallerThanTheLargestBatch() {
        ExpertLoad load = skewed(1);
        RoutingPool small = RoutingPool.synthetic(load, CoActivation.none(1, E), K, new int[] {0}, 100, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplayedAMax(small, load, CoActivation.none(1, E),
                PlacementPolicy.fromName("eplb"), SchedulingPolicy.DEFAULT, GRID)).hasMessageContaining("100 tokens");
    }

    @Test
    void poolsRecordedRoutingPerLayer() {
        RoutingDecision a = new RoutingDecision();
        a.reset(2, 2);
        a.set(0, 0, 1, 0.5f);
        a.set(0, 1, 2, 0.5f);
        a.set(1, 0, 3, 0.5f);
        a.set(1, 1, 0, 0.5f);
        RoutingPool pool = RoutingPool.fromTrace(new RoutingTraceReader.Trace(4, 2,
                List.of(new RoutingTraceReader.Entry(5, a), new RoutingTraceReader.Entry(5, a))));
        assertThat(pool.layers()).containsExactly(5);
        assertThat(pool.tokens(0)).isEqualTo(4);
        RoutingDecision batch = new RoutingDecision();
        pool.batch(0, 1, 3, batch); // tokens 3, 0, 1 (wrapping)
        assertThat(batch.expert(0, 0)).isEqualTo(3);
        assertThat(batch.expert(1, 1)).isEqualTo(2);
        assertThat(batch.expert(2, 0)).isEqualTo(3);
    }
}
