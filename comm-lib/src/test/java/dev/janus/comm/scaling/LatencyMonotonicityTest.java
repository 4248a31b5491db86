package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every component grows with its load; TPOT grows with the batch; overlap is never slower; H200 never slower than H100. */
class LatencyMonotonicityTest {

    static final double EPS = 1e-9;

    @Test
    void everyComponentIsNonDecreasingInItsLoad() {
        for (String m : ModelDescriptions.BUILT_IN) {
            for (String p : new String[] {"h100-sxm", "h200-sxm", "cpu-placeholder"}) {
                LayerLatency l = new LayerLatency(ModelDescriptions.builtIn(m), HardwareProfiles.builtIn(p));
                for (double b = 0; b < 4096; b = b * 1.5 + 1) {
                    double next = b * 1.5 + 1;
                    assertThat(l.attentionNanosAt(next, 1000)).isGreaterThanOrEqualTo(l.attentionNanosAt(b, 1000));
                    assertThat(l.attentionNanosAt(b, 4000)).isGreaterThanOrEqualTo(l.attentionNanosAt(b, 1000));
                    assertThat(l.moeNanos(new MoeActivity(8, next))).isGreaterThanOrEqualTo(l.moeNanos(new MoeActivity(8, b)));
                    assertThat(l.moeNanos(new MoeActivity(Math.min(next, 64), b)))
                            .isGreaterThanOrEqualTo(l.moeNanos(new MoeActivity(Math.min(b, 64), b)));
                    for (CommPolicy c : CommPolicy.values()) {
                        for (Deployment d : new Deployment[] {Deployment.disaggregated(6, 10, 0, c, 1),
                                Deployment.colocated(16, 0, c, 1), Deployment.disaggregated(2, 3, 0, c, 1)}) {
                            assertThat(l.dispatchNanos(d, next) + EPS).isGreaterThanOrEqualTo(l.dispatchNanos(d, b));
                            assertThat(l.combineNanos(d, next) + EPS).isGreaterThanOrEqualTo(l.combineNanos(d, b));
                        }
                    }
                }
            }
        }
    }

    @Test
    void tpotGrowsWithTheBatchAndOverlapIsNeverSlower() {
        SplittableRandom random = new SplittableRandom(99);
        for (int round = 0; round < 300; round++) {
            ModelDescription model = ModelDescriptions.builtIn(ModelDescriptions.BUILT_IN.get(random.nextInt(3)));
            HardwareProfile profile = HardwareProfiles.builtIn(random.nextBoolean() ? "h100-sxm" : "h200-sxm");
            TpotModel tpot = new TpotModel(new LayerLatency(model, profile), AnalyticAMax.of(model));
            int ne = 1 + random.nextInt(32);
            CommPolicy comm = CommPolicy.values()[random.nextInt(3)];
            Deployment d = random.nextBoolean()
                    ? Deployment.disaggregated(1 + random.nextInt(32), ne, random.nextInt(ne * 4), comm, 1 + random.nextInt(4))
                    : Deployment.colocated(ne, random.nextInt(ne * 4), comm, 1 + random.nextInt(4));
            double ctx = 100 + random.nextInt(8000);
            double prefill = random.nextDouble() * 4;
            double previous = 0;
            for (double b = 0; b < 8192; b = b * 1.3 + random.nextDouble() * 5) {
                StepLoad load = new StepLoad(b, prefill * b, ctx, ctx / 4);
                double t = tpot.tpotNanos(d, load);
                String what = "round " + round + " " + d + " B " + b;
                assertThat(t + EPS).as(what).isGreaterThanOrEqualTo(previous);
                assertThat(t).as(what).isLessThanOrEqualTo(tpot.tpotNanos(d.withoutOverlap(), load) + EPS);
                previous = t;
            }
        }
    }

    @Test
    void fasterMemoryIsNeverSlower() {
        for (String m : ModelDescriptions.BUILT_IN) {
            ModelDescription model = ModelDescriptions.builtIn(m);
            TpotModel h100 = new TpotModel(new LayerLatency(model, HardwareProfiles.builtIn("h100-sxm")), AnalyticAMax.of(model));
            TpotModel h200 = new TpotModel(new LayerLatency(model, HardwareProfiles.builtIn("h200-sxm")), AnalyticAMax.of(model));
            Deployment d = Deployment.disaggregated(8, 16, 16, CommPolicy.ADAPTIVE, 2);
            for (double b = 1; b < 8192; b *= 2) {
                StepLoad load = StepLoad.decode(b, 2000);
                assertThat(h200.tpotNanos(d, load)).isLessThanOrEqualTo(h100.tpotNanos(d, load));
            }
        }
    }
}
