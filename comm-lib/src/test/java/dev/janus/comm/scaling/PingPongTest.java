package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ping-pong formula against an event-by-event simulation of the greedy schedule. */
class PingPongTest {

    /**
     * m micro-batches through L layers of stages; each stage a resource serving in (layer, micro-batch)
     * order; a micro-batch's stage starts when its previous stage ended and the resource is free.
     */
    static double simulate(int layers, double[] stages, int m) {
        double[] free = new double[stages.length];
        double[] ready = new double[m];
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < stages.length; s++) {
                    double start = Math.max(ready[j], free[s]);
                    ready[j] = start + stages[s];
                    free[s] = ready[j];
                }
            }
        }
        double end = 0;
        for (double r : ready) {
            end = Math.max(end, r);
        }
        return end;
    }

    @Test
    void workedExampleEqualsTheSimulatedSchedule() {
        double[] stages = {48_027.264, 24_580.48, 19_437.184, 24_949.12};
        assertThat(PingPong.makespan(2, stages, 2)).isCloseTo(282_015.36, within(1e-6));
        assertThat(simulate(2, stages, 2)).isCloseTo(282_015.36, within(1e-6));
    }

    @Test
    void oneMicroBatchIsSequential() {
        double[] stages = {3, 1, 4, 1};
        assertThat(PingPong.makespan(5, stages, 1)).isEqualTo(45);
        assertThat(simulate(5, stages, 1)).isEqualTo(45);
    }

    @Test
    void formulaIsALowerBoundOfTheGreedyScheduleAndTightWhenOneStageDominates() {
        SplittableRandom random = new SplittableRandom(12);
        for (int round = 0; round < 2000; round++) {
            int layers = 1 + random.nextInt(60);
            int m = 1 + random.nextInt(4);
            double[] stages = random.doubles(2 + random.nextInt(3), 1, 100).toArray();
            double formula = PingPong.makespan(layers, stages, m);
            double simulated = simulate(layers, stages, m);
            assertThat(formula).as("round " + round).isLessThanOrEqualTo(simulated * (1 + 1e-12));
            assertThat(simulated / formula).as("round " + round).isLessThan(1.35);
        }
        double[] bottleneck = {100, 5, 10, 5};
        assertThat(PingPong.makespan(10, bottleneck, 3)).isEqualTo(simulate(10, bottleneck, 3));
    }
}
