package dev.janus.scaler.actuate;

import dev.janus.scaler.control.Sizes;

/**
 * Changes the instance counts (DESIGN.md §10: interchangeable — Kubernetes, local processes,
 * dry-run). Implementations are thin: the decision is made before.
 */
public interface Actuator {

    /** "dry-run", "local", "kubernetes". */
    String name();

    /** The pools' sizes as the actuator sees them now. */
    Sizes current();

    /** Moves both pools to {@code target}; returns what it did, for the decision log. */
    String scale(Sizes target);
}
