package dev.janus.comm.scaling.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of the simulator on small traces (DeepSeek-V2-like on the H100 profile, analytic a_max). */
class ClusterSimulatorTest {

    static final PlannerOptions OPTIONS = PlannerOptions.DEFAULTS.withBounds(48, 48);
    static final Planner PLANNER = Planner.analytic(ModelDescriptions.builtIn("deepseek-v2-like"),
            HardwareProfiles.builtIn("h100-sxm"), OPTIONS);

    static SimulationResult simulate(SliceTrace trace, SimulationOptions options) {
        return new ClusterSimulator(PLANNER, OPTIONS, options).run(trace);
    }

    @Test
    void moreLoadNeverCostsAFixedSizePolicyFewerGpuHours() {
        SliceTrace base = SyntheticTraces.poisson(4, 0.25, 1, 1000, 300, 7);
        double[] previous = {0, 0};
        for (double factor : new double[] {1, 2, 4, 8}) {
            SimulationResult result = simulate(base.scaled(factor), SimulationOptions.defaults(100));
            double[] hours = {result.outcome(SimPolicy.MONOLITHIC).gpuHours(), result.outcome(SimPolicy.STATIC).gpuHours()};

            assertThat(hours[0]).as("monolithic at x%s", factor).isGreaterThanOrEqualTo(previous[0]);
            assertThat(hours[1]).as("static at x%s", factor).isGreaterThanOrEqualTo(previous[1]);
            previous = hours;
        }
    }

    @Test
    void fixedSizePoliciesSizedForThePeakMeetTheSlo() {
        SliceTrace trace = SyntheticTraces.poisson(20, 0.5, 1, 1000, 300, 3);
        SimulationResult result = simulate(trace, SimulationOptions.defaults(100));

        assertThat(result.outcome(SimPolicy.JANUS).sloAttainment()).isGreaterThan(0.95);
        for (PolicyOutcome outcome : List.of(result.outcome(SimPolicy.MONOLITHIC), result.outcome(SimPolicy.STATIC))) {
            assertThat(outcome.feasible()).as(outcome.policy().label()).isTrue();
            assertThat(outcome.sloAttainment()).as(outcome.policy().label()).isGreaterThan(0.99);
            assertThat(outcome.goodputPerGpu()).isCloseTo(outcome.tokensPerSecondPerGpu(),
                    org.assertj.core.data.Percentage.withPercentage(1));
        }
    }

    @Test
    void baselinesSizedForTheMeanMissTheSloAroundThePeakAndJanusFollowsTheDay() {
        SliceTrace day = SyntheticTraces.diurnal(60, 24, 2, 1000, 300, 5);
        SimulationResult peak = simulate(day, SimulationOptions.defaults(100));
        SimulationResult mean = simulate(day, SimulationOptions.defaults(100).withBaselineSizing(BaselineSizing.MEAN));

        assertThat(mean.outcome(SimPolicy.MONOLITHIC).sloAttainment())
                .isLessThan(peak.outcome(SimPolicy.MONOLITHIC).sloAttainment());
        PolicyOutcome janus = peak.outcome(SimPolicy.JANUS);
        assertThat(janus.changes()).isPositive();
        assertThat(janus.meanGpus()).isLessThan(janus.peakGpus());
        assertThat(janus.sloAttainment()).isGreaterThan(0.95);
    }

    @Test
    void aSteadyLoadSettlesAtThePlannersLittlesLawBatch() {
        // no bursts, no headroom: the fluid's TPOT at a constant rate is the planner's prediction for it
        SliceTrace flat = new SliceTrace("flat", 1, filled(600, 20), filled(600, 20 * 1000), filled(600, 20 * 300));
        SimulationOptions options = new SimulationOptions(100, 60, 300, 60, 0, BaselineSizing.PEAK);
        PolicyOutcome monolithic = simulate(flat, options).outcome(SimPolicy.MONOLITHIC);
        double predicted = PLANNER.sizeMonolithic(new dev.janus.comm.scaling.PlanRequest(20, 1000, 300, 100))
                .predictedTpotMs();

        assertThat((double) monolithic.tpotMs()[599]).isCloseTo(predicted, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void aDayAtAThousandRequestsPerSecondTakesSeconds() {
        SliceTrace day = SyntheticTraces.diurnal(1000, 24, 1, 1000, 300, 1);
        SimulationResult result = simulate(day, SimulationOptions.defaults(100));

        assertThat(day.totalRequests()).isCloseTo(86.4e6, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(result.wallSeconds()).isLessThan(60);
    }

    static double[] filled(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
