package dev.janus.comm.scaling.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.scaling.PlanRequest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Per-request lengths: the worked example, the output-weighted context, and their effect on a simulation. */
class RequestLengthsTest {

    @Test
    void theWorkedExample() {
        RequestLengths r = new RequestLengths(new int[] {0, 0}, new int[] {10, 10}, new int[] {100, 300});
        RequestLengths.Tally t = r.tally(new float[] {10, 10, 40, 40}, 1, 15);
        assertThat(t.requestsMet()).isEqualTo(1);
        assertThat(t.outputsMet()).isEqualTo(100);
        assertThat(r.tally(new float[] {10, 10, 40, 40}, 1, 20).requestsMet()).isEqualTo(2);
        // a lifetime past the trace's end holds the last slice's TPOT: 300 tokens at 40 ms from slice 3 = 12 slices of 40
        RequestLengths late = new RequestLengths(new int[] {3}, new int[] {10}, new int[] {300});
        assertThat(late.tally(new float[] {10, 10, 40, 40}, 1, 39).requestsMet()).isZero();
        assertThat(late.tally(new float[] {10, 10, 40, 40}, 1, 40).requestsMet()).isEqualTo(1);
    }

    @Test
    void theBatchHoldsLongRequestsMoreThanTheirShareOfArrivals() {
        // one request of 100 + 10 and one of 100 + 990: means 100 and 500, so mean P + O/2 = 350;
        // weighted by output: (10·105 + 990·595) / 1000 = 590.1
        RequestLengths r = new RequestLengths(new int[] {0, 0}, new int[] {100, 100}, new int[] {10, 990});
        double[] context = r.decodeContext(2);
        assertThat(context[0]).isCloseTo(590.1, within(1e-9));
        assertThat(context[1]).isNaN();
    }

    @Test
    void mixedLengthsCostMoreThanTheirMeans() {
        // 20 req/s for 10 min, half with 30 output tokens and half with 570 (mean 300), against the same
        // slices without single requests: the mixed batch's longer contexts raise its TPOT
        int slices = 600;
        int[] slice = new int[slices * 20];
        int[] prompt = new int[slice.length];
        int[] output = new int[slice.length];
        for (int i = 0; i < slice.length; i++) {
            slice[i] = i / 20;
            prompt[i] = 1000;
            output[i] = i % 2 == 0 ? 30 : 570;
        }
        double[] requests = new double[slices];
        double[] prompts = new double[slices];
        double[] outputs = new double[slices];
        Arrays.fill(requests, 20);
        Arrays.fill(prompts, 20 * 1000);
        Arrays.fill(outputs, 20 * 300);
        SliceTrace means = new SliceTrace("means", 1, requests, prompts, outputs);
        SliceTrace single = new SliceTrace("single", 1, requests, prompts, outputs, new RequestLengths(slice, prompt, output));
        SimulationOptions options = new SimulationOptions(100, 60, 300, 60, 0, BaselineSizing.PEAK);

        PolicyOutcome byMeans = ClusterSimulatorTest.simulate(means, options).outcome(SimPolicy.MONOLITHIC);
        PolicyOutcome bySingle = ClusterSimulatorTest.simulate(single, options).outcome(SimPolicy.MONOLITHIC);
        assertThat(bySingle.gpuHours()).isEqualTo(byMeans.gpuHours()); // same size: planned from the same means
        assertThat(bySingle.tpotMs()[599]).isGreaterThan(byMeans.tpotMs()[599]);
        double planned = ClusterSimulatorTest.PLANNER.sizeMonolithic(new PlanRequest(20, 1000, 300, 100)).predictedTpotMs();
        assertThat((double) byMeans.tpotMs()[599]).isCloseTo(planned, org.assertj.core.data.Percentage.withPercentage(1));
    }
}
