package dev.janus.comm.scaling;

import com.fasterxml.jackson.annotation.JsonValue;

/** The constraint an infeasible plan could not meet; its code is the JSON {@code failed_constraint}. */
public enum FailedConstraint {
    /** The attention-side weights alone exceed one GPU's usable memory. */
    ATTENTION_MEMORY("attention-memory"),
    /** The routed experts need more instances (or GPUs) than the bounds allow. */
    EXPERT_MEMORY("expert-memory"),
    /** The SLO is below the TPOT of an empty batch on the best shape: no size helps. */
    SLO_BELOW_MINIMUM_TPOT("slo-below-minimum-tpot"),
    /** Shapes within the bounds meet the SLO but not with the KV cache the steady batch needs. */
    KV_MEMORY("kv-memory"),
    /** No shape within the bounds reaches a steady batch within the SLO at this load. */
    LOAD_EXCEEDS_CAPACITY("load-exceeds-capacity");

    private final String code;

    FailedConstraint(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
