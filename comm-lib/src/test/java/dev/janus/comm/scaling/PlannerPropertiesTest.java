package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.scheduling.SchedulingPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The planner's properties on seeded random loads, for Janus and both baselines: more load never
 * needs fewer GPUs, a looser SLO never needs more, and infeasible inputs name the failed constraint.
 */
class PlannerPropertiesTest {

    static final PlannerOptions OPTIONS = PlannerOptions.DEFAULTS.withBounds(24, 24);
    static final List<Function<Plan, Sizing>> SIZINGS = List.of(Plan::sizing, Plan::monolithic, Plan::staticDisaggregation);

    static Planner planner(String model) {
        return Planner.analytic(ModelDescriptions.builtIn(model), HardwareProfiles.builtIn("h100-sxm"), OPTIONS);
    }

    static PlanRequest randomRequest(SplittableRandom random) {
        return new PlanRequest(Math.exp(random.nextDouble(Math.log(0.5), Math.log(400))), random.nextInt(4000),
                1 + random.nextInt(1000), random.nextDouble(20, 300));
    }

    /** Analytic a_max with chunked and separate prefill, H100 and H200, and a_max replayed through aebs-rep. */
    static Map<String, Planner> planners() {
        Map<String, Planner> planners = new LinkedHashMap<>();
        planners.put("deepseek-v2-like", planner("deepseek-v2-like"));
        planners.put("qwen3-235b-like h200 separate prefill", Planner.analytic(ModelDescriptions.builtIn("qwen3-235b-like"),
                HardwareProfiles.builtIn("h200-sxm"), OPTIONS.withPrefill(PrefillMode.SEPARATE)));
        ModelDescription v2 = ModelDescriptions.builtIn("deepseek-v2-like");
        ExpertLoad load = PlannerTest.zipf(2, v2.experts());
        CoActivation none = CoActivation.none(2, v2.experts());
        ReplayedAMax replayed = new ReplayedAMax(RoutingPool.synthetic(load, none, v2.topK(), new int[] {0, 1}, 2048, 9),
                load, none, PlacementPolicy.fromName("eplb"), SchedulingPolicy.DEFAULT, new int[] {1, 4, 16, 64, 256, 1024});
        planners.put("deepseek-v2-like replayed", new Planner(v2, HardwareProfiles.builtIn("h100-sxm"), replayed,
                OPTIONS, load, none));
        return planners;
    }

    @Test
    void moreLoadNeverNeedsFewerGpusAndALooserSloNeverNeedsMore() {
        SplittableRandom random = new SplittableRandom(7);
        for (Map.Entry<String, Planner> named : planners().entrySet()) {
            String model = named.getKey();
            Planner planner = named.getValue();
            for (int round = 0; round < 40; round++) {
                PlanRequest r = randomRequest(random);
                Plan base = planner.size(r);
                Plan busier = planner.size(r.withRate(r.requestsPerSecond() * random.nextDouble(1, 3)));
                Plan looser = planner.size(r.withSloMs(r.sloTpotMs() * random.nextDouble(1, 3)));
                for (Function<Plan, Sizing> s : SIZINGS) {
                    String what = model + " round " + round + " " + r + " " + s.apply(base);
                    if (s.apply(busier).feasible()) {
                        assertThat(s.apply(base).feasible()).as(what).isTrue();
                        assertThat(s.apply(busier).gpus()).as(what).isGreaterThanOrEqualTo(s.apply(base).gpus());
                    }
                    if (s.apply(base).feasible()) {
                        assertThat(s.apply(looser).feasible()).as(what).isTrue();
                        assertThat(s.apply(looser).gpus()).as(what).isLessThanOrEqualTo(s.apply(base).gpus());
                    }
                }
            }
        }
    }

    @Test
    void feasibleSizingsSatisfyLittlesLawTheSloAndTheirBounds() {
        SplittableRandom random = new SplittableRandom(8);
        Planner planner = planner("deepseek-v2-like");
        for (int round = 0; round < 40; round++) {
            PlanRequest r = randomRequest(random);
            for (Function<Plan, Sizing> f : SIZINGS) {
                Sizing s = f.apply(planner.size(r));
                if (s.feasible()) {
                    double littles = r.decodeTokensPerSecond() * s.predictedTpotMs() / 1e3;
                    assertThat(s.batch()).isBetween(littles * (1 - 1e-6), littles * (1 + 1e-5));
                    assertThat(s.predictedTpotMs()).isLessThanOrEqualTo(r.sloTpotMs());
                    assertThat(s.tokensPerSecondPerGpu() * s.gpus()).isCloseTo(r.decodeTokensPerSecond(),
                            org.assertj.core.api.Assertions.within(1e-6 * r.decodeTokensPerSecond()));
                    assertThat(s.attentionInstances()).isBetween(1, 48);
                } else {
                    assertThat(s.reason()).startsWith(s.failedConstraint().code() + ": ");
                }
            }
        }
    }

    @Test
    void infeasibleInputsNameTheFailedConstraint() {
        Planner v2 = planner("deepseek-v2-like");
        Plan tooTight = v2.size(new PlanRequest(1, 100, 100, 0.01));
        for (Function<Plan, Sizing> s : SIZINGS) {
            assertThat(s.apply(tooTight).failedConstraint()).isEqualTo(FailedConstraint.SLO_BELOW_MINIMUM_TPOT);
            assertThat(s.apply(tooTight).reason()).contains("below the minimum possible TPOT");
        }
        Plan flood = v2.size(new PlanRequest(1e6, 100, 100, 50));
        assertThat(flood.sizing().failedConstraint()).isEqualTo(FailedConstraint.LOAD_EXCEEDS_CAPACITY);
        // 200k-token contexts: 3.3 requests fill an attention instance's KV cache, fewer than the steady batch
        Planner decodeOnly = Planner.analytic(ModelDescriptions.builtIn("deepseek-v2-like"),
                HardwareProfiles.builtIn("h100-sxm"), OPTIONS.withPrefill(PrefillMode.SEPARATE));
        Plan longContext = decodeOnly.size(new PlanRequest(3, 200_000, 1000, 1000));
        assertThat(longContext.sizing().failedConstraint()).isEqualTo(FailedConstraint.KV_MEMORY);
        assertThat(longContext.sizing().reason()).contains("KV cache");

        Planner small = Planner.analytic(ModelDescriptions.builtIn("deepseek-v3-like"), HardwareProfiles.builtIn("h100-sxm"),
                PlannerOptions.DEFAULTS.withBounds(4, 4));
        Plan tooBig = small.size(new PlanRequest(1, 100, 100, 100));
        for (Function<Plan, Sizing> s : SIZINGS) {
            assertThat(s.apply(tooBig).failedConstraint()).isEqualTo(FailedConstraint.EXPERT_MEMORY);
            assertThat(s.apply(tooBig).reason()).contains("GB");
        }
        assertThat(tooBig.sizing().reason()).contains("n_e >= 19").contains("at most 4");
    }
}
