package dev.janus.comm.scaling;

import dev.janus.comm.placement.policy.PlacementPolicy;

/**
 * Bounds and modelling choices of the planner.
 *
 * @param maxAttentionInstances n_a tried up to this
 * @param maxMoeInstances       n_e tried up to this; the monolithic baseline tries G up to the sum
 * @param maxMicroBatches       ping-pong micro-batches tried (1 = no overlap); MegaScale-Infer's
 *                              ping-pong is 2, and every policy gets the same (SGLang's two-batch
 *                              overlap for the monolithic baseline)
 * @param comm                  Janus's communication; the baselines send direct (all-to-all / M2N)
 * @param prefill               how prompt tokens load the attention instances
 * @param redundancyFraction    R = ⌈E × this⌉ replicas per layer beyond one per expert, limited by
 *                              free expert slots (DeepSeek's EPLB uses 32 for 256 experts: 0.125);
 *                              the static baseline has none
 * @param staticAttentionPerMoe the static baseline's fixed n_a / n_e ratio (MegaScale-Infer-like)
 * @param placementPolicy       the policy that places the experts of the chosen n_e
 */
public record PlannerOptions(int maxAttentionInstances, int maxMoeInstances, int maxMicroBatches, CommPolicy comm,
                             PrefillMode prefill, double redundancyFraction, double staticAttentionPerMoe,
                             String placementPolicy) {

    public static final PlannerOptions DEFAULTS = new PlannerOptions(64, 64, 2, CommPolicy.ADAPTIVE, PrefillMode.CHUNKED,
            0.125, 1.0, PlacementPolicy.DEFAULT);

    public PlannerOptions {
        if (maxAttentionInstances <= 0 || maxMoeInstances <= 0 || maxMicroBatches <= 0 || comm == null || prefill == null
                || !(redundancyFraction >= 0) || !(staticAttentionPerMoe > 0) || !PlacementPolicy.isKnown(placementPolicy)) {
            throw new IllegalArgumentException("planner options need positive bounds, micro-batches and static ratio,"
                    + " redundancy >= 0, a comm policy, a prefill mode and a known placement policy");
        }
    }

    public PlannerOptions withBounds(int attention, int moe) {
        return new PlannerOptions(attention, moe, maxMicroBatches, comm, prefill, redundancyFraction,
                staticAttentionPerMoe, placementPolicy);
    }

    public PlannerOptions withMicroBatches(int m) {
        return new PlannerOptions(maxAttentionInstances, maxMoeInstances, m, comm, prefill, redundancyFraction,
                staticAttentionPerMoe, placementPolicy);
    }

    public PlannerOptions withPrefill(PrefillMode mode) {
        return new PlannerOptions(maxAttentionInstances, maxMoeInstances, maxMicroBatches, comm, mode,
                redundancyFraction, staticAttentionPerMoe, placementPolicy);
    }
}
