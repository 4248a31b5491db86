package dev.janus.comm.placement.policy;

/**
 * The constraints asked of a placement cannot be met: redundant slots beyond the cluster's
 * capacity, or pins and replica counts that contradict each other or the cluster shape. The
 * message names the layer, expert and instance. The admin REST layer maps it to HTTP 409.
 */
public class PlacementConstraintException extends IllegalArgumentException {

    public PlacementConstraintException(String message) {
        super(message);
    }
}
