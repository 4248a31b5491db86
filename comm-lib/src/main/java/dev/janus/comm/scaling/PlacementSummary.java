package dev.janus.comm.scaling;

/**
 * The placement a plan asks for, in short (the full Placement is on {@link Plan#placementDetail}).
 *
 * @param policy                 placement policy name
 * @param moeInstances           n_e
 * @param slotsPerInstance       C per layer
 * @param redundantSlotsPerLayer R
 * @param layers                 layers planned
 * @param aMaxAtBatch            predicted a_max at the steady batch (from the a_max source)
 */
public record PlacementSummary(String policy, int moeInstances, int slotsPerInstance, int redundantSlotsPerLayer,
                               int layers, double aMaxAtBatch) {
}
