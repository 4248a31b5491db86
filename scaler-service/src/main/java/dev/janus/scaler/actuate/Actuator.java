package dev.janus.scaler.actuate;

import dev.janus.scaler.control.Sizes;

/**
 * Changes the instance counts (DESIGN.md §10: interchangeable — Kubernetes, local processes,
 * dry-run). Implementations are thin: the decision is made before. {@link #close} runs when
 * scaler-service stops (Spring infers it for the {@code @Bean}), also through a wrapping actuator.
 */
public interface Actuator extends AutoCloseable {

    /** "dry-run", "local", "kubernetes". */
    String name();

    /** The pools' sizes as the actuator sees them now. */
    Sizes current();

    /** Moves both pools to {@code target}; returns what it did, for the decision log. */
    String scale(Sizes target);

    /** Releases what the actuator holds (processes it started, clients); nothing by default. */
    @Override
    default void close() {
    }
}
