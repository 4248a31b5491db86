package dev.janus.comm.scaling;

/**
 * What the busiest MoE instance does in one layer step: a_max distinct activated experts (each
 * read once from memory) and the most (token, expert) rows one instance serves. Expected values,
 * so real numbers.
 */
public record MoeActivity(double aMax, double maxRows) {
}
