package dev.janus.comm.scaling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON answer of a plan (issue 12 §2), snake_case:
 * <pre>
 * {"feasible": true, "attention_instances": 6, "moe_instances": 10, "gpus": 16, "batch": 812.4,
 *  "predicted_tpot_ms": 48.7, "tokens_per_second_per_gpu": 1041.6, "micro_batches": 2,
 *  "redundant_slots": 20,
 *  "placement": {"policy": "janus", "moe_instances": 10, "slots_per_instance": 18, ...},
 *  "baselines": {"monolithic": { same fields }, "static": { same fields }}}
 * </pre>
 * An infeasible sizing has zeros, {@code failed_constraint} and {@code reason}; null fields
 * (reason when feasible, placement when none) are left out.
 */
public final class PlanJson {

    private PlanJson() {
    }

    record Document(@JsonUnwrapped Sizing sizing, PlacementSummary placement, Baselines baselines) {
    }

    record Baselines(Sizing monolithic, @JsonProperty("static") Sizing staticDisaggregation) {
    }

    public static String write(Plan plan) {
        return ScalingJson.write(document(plan));
    }

    public static JsonNode tree(Plan plan) {
        return ScalingJson.MAPPER.valueToTree(document(plan));
    }

    private static Document document(Plan plan) {
        return new Document(plan.sizing(), plan.placement(), new Baselines(plan.monolithic(), plan.staticDisaggregation()));
    }
}
