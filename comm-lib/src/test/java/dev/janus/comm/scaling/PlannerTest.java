package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.scheduling.SchedulingPolicy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's answer: JSON fields, the placement for n_e, the replayed a_max source, and speed. */
class PlannerTest {

    static final List<String> FIELDS = List.of("feasible", "attention_instances", "moe_instances", "gpus", "batch",
            "predicted_tpot_ms", "tokens_per_second_per_gpu");

    static Planner deepSeekV2() {
        return Planner.analytic(ModelDescriptions.builtIn("deepseek-v2-like"), HardwareProfiles.builtIn("h100-sxm"),
                PlannerOptions.DEFAULTS.withBounds(32, 32));
    }

    @Test
    void jsonHasTheIssuesFieldsForThePlanAndBothBaselines() {
        JsonNode json = PlanJson.tree(deepSeekV2().size(new PlanRequest(20, 1000, 300, 100)));
        for (JsonNode sizing : List.of(json, json.get("baselines").get("monolithic"), json.get("baselines").get("static"))) {
            assertThat(FIELDS).allSatisfy(f -> assertThat(sizing.has(f)).as(f).isTrue());
            assertThat(sizing.get("feasible").asBoolean()).isTrue();
            assertThat(sizing.has("reason")).isFalse();
        }
        assertThat(json.get("gpus").asInt()).isEqualTo(json.get("attention_instances").asInt()
                + json.get("moe_instances").asInt());
        JsonNode infeasible = PlanJson.tree(deepSeekV2().size(new PlanRequest(20, 1000, 300, 0.5)));
        assertThat(infeasible.get("feasible").asBoolean()).isFalse();
        assertThat(infeasible.get("failed_constraint").asText()).isEqualTo("slo-below-minimum-tpot");
        assertThat(infeasible.get("reason").asText()).startsWith("slo-below-minimum-tpot: ");
        assertThat(infeasible.get("baselines").get("static").get("reason").asText()).isNotBlank();
    }

    @Test
    void planCarriesThePlacementOfTheChosenMoeInstances() {
        ModelDescription model = ModelDescriptions.builtIn("qwen3-235b-like");
        ExpertLoad load = zipf(4, model.experts());
        Planner planner = new Planner(model, HardwareProfiles.builtIn("h200-sxm"), AnalyticAMax.of(model),
                PlannerOptions.DEFAULTS.withBounds(16, 16), load, CoActivation.none(4, model.experts()));
        Plan plan = planner.plan(new PlanRequest(10, 2000, 500, 80));
        Sizing s = plan.sizing();
        assertThat(s.feasible()).isTrue();
        assertThat(plan.placement().moeInstances()).isEqualTo(s.moeInstances());
        assertThat(plan.placement().redundantSlotsPerLayer()).isEqualTo(s.redundantSlots()).isPositive();
        assertThat(plan.placementDetail().instances()).isEqualTo(s.moeInstances());
        assertThat(plan.placementDetail().layers()).isEqualTo(4);
        assertThat(plan.placement().slotsPerInstance() * s.moeInstances()).isGreaterThanOrEqualTo(128 + s.redundantSlots());
        assertThat(plan.placement().slotsPerInstance()).isLessThanOrEqualTo(planner.memory().maxSlotsPerInstance());
        assertThat(PlanJson.tree(plan).get("placement").get("policy").asText()).isEqualTo("janus");
        plan.placementDetail().toEpoch(1); // valid: every expert placed, replicas on distinct instances
    }

    @Test
    void replayedAMaxPlansAndIsFastOnceWarm() {
        ModelDescription model = ModelDescriptions.builtIn("deepseek-v2-like");
        ExpertLoad load = zipf(2, model.experts());
        CoActivation none = CoActivation.none(2, model.experts());
        RoutingPool pool = RoutingPool.synthetic(load, none, model.topK(), new int[] {0, 1}, 2048, 3);
        ReplayedAMax replayed = new ReplayedAMax(pool, load, none, dev.janus.comm.placement.policy.PlacementPolicy
                .fromName("eplb"), SchedulingPolicy.DEFAULT, new int[] {1, 4, 16, 64, 256, 1024});
        PlannerOptions options = PlannerOptions.DEFAULTS.withBounds(16, 16);
        Planner planner = new Planner(model, HardwareProfiles.builtIn("h100-sxm"), replayed, options, load, none);
        int cMax = planner.memory().maxSlotsPerInstance();
        replayed.warm(16, n -> planner.redundantSlots(n, cMax));
        replayed.warm(16, n -> 0); // the static baseline's tables
        PlanRequest request = new PlanRequest(15, 1000, 300, 120);
        Plan first = planner.size(request);
        assertThat(first.sizing().feasible()).isTrue();
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            assertThat(planner.size(request.withRate(10 + i))).isNotNull();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        // a few milliseconds on an idle core; the bound leaves room for the shared build machine
        assertThat(nanos[nanos.length / 2] / 1e6).as("median ms per plan").isLessThan(100);
    }

    @Test
    void aFixedRatioIsOneOfTheSplitsJanusTries() {
        // same shape family, but Janus may replicate and pick two-phase: with the analytic a_max (which
        // cannot credit replicas) the only gain is the free choice of split and the adaptive transport
        Planner planner = deepSeekV2();
        for (double rate : new double[] {2, 10, 40, 120}) {
            Plan plan = planner.size(new PlanRequest(rate, 1000, 300, 100));
            assertThat(plan.sizing().feasible()).isTrue();
            if (plan.staticDisaggregation().feasible()) {
                assertThat(plan.sizing().gpus()).as("rate " + rate).isLessThanOrEqualTo(plan.staticDisaggregation().gpus());
                assertThat(Plan.gain(plan.sizing(), plan.staticDisaggregation())).isEqualTo(
                        (double) plan.staticDisaggregation().gpus() / plan.sizing().gpus(), within(1e-9));
            }
        }
        assertThat(Plan.gain(Sizing.infeasible(FailedConstraint.KV_MEMORY, "x"), planner.size(
                new PlanRequest(2, 1000, 300, 100)).sizing())).isNaN();
    }

    static ExpertLoad zipf(int layers, int experts) {
        long[][] rows = new long[layers][experts];
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < experts; e++) {
                rows[l][(e * 7 + l) % experts] = 100_000 / (e + 2);
            }
        }
        return ExpertLoad.of(rows);
    }
}
