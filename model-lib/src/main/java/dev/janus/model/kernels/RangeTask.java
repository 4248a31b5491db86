package dev.janus.model.kernels;

/**
 * One share of a {@link ComputePool#parallelFor} region: process indices {@code [start, end)}.
 * Called concurrently from several threads with disjoint ranges; implementations write only
 * to the outputs owned by their range.
 */
@FunctionalInterface
public interface RangeTask {

    void run(int start, int end);
}
