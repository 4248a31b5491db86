package dev.janus.model.moe;

/**
 * Which logical expert each physical expert id holds, per layer, under one versioned placement
 * (comm-lib's {@code PlacementEpoch} implements it). A {@link DispatchPlan} carries the placement
 * its physical ids were computed with, so everything that reads the plan in one layer step
 * (the executor, the splitter, failover, the version on the wire) uses that same placement.
 */
public interface ExpertPlacement {

    /** Version of the placement (PlacementEpoch version; 0 for the identity). */
    long version();

    /** Logical expert held by a physical id of {@code layer}, or -1 for an empty slot. */
    int logicalOf(int layer, int physical);
}
