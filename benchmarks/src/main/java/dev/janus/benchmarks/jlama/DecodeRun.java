package dev.janus.benchmarks.jlama;

/** One engine under comparison: greedy prefill of a prompt, then timed greedy decode at batch 1. */
interface DecodeRun extends AutoCloseable {

    String name();

    /** Compute threads the engine uses for one forward step (caller included). */
    int threads();

    /**
     * Prefills {@code prompt} in one call, then decodes {@code steps} tokens one at a time, each
     * step the argmax of the previous logits (temperature 0).
     */
    DecodeTiming run(int[] prompt, int steps);

    @Override
    void close();
}
