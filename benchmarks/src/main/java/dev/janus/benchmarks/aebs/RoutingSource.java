package dev.janus.benchmarks.aebs;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.RoutingDecision;
import java.util.SplittableRandom;

/** Where the quality report's batches come from: synthetic ({@link RoutingWorkload}) or recorded ({@link RecordedRouting}). */
public interface RoutingSource {

    /** The placement a placement service would derive from this routing's load, with {@code redundant} extra slots per layer. */
    PlacementEpoch placement(int instances, int redundant);

    /** Fills {@code routing} with a batch of {@code tokens} tokens; returns the MoE layer it belongs to. */
    int fill(RoutingDecision routing, SplittableRandom random, int tokens, int topK);
}
