package dev.janus.comm.twophase;

import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InstanceBatch;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The cost model behind adaptive two-phase communication (paper §3.2): a message costs a fixed
 * latency α plus β per byte (Hockney's α–β model), on the inter-node link for direct and phase-2
 * messages and α_node/β_node on the node-local link for phase 1. For one attention instance's
 * layer step with m messages of B bytes in all, on a node of n attention instances:
 * <pre>
 *   direct    = m·α + B·β
 *   two-phase = [not host] (α_node + B·β_node) + (m/n)·α + B·β
 * </pre>
 * (phase 2 sends one message per MoE instance for the whole node, so each sender pays 1/n of
 * them when the node's senders reach the same instances). Two-phase wins when the saved
 * latencies m·α·(1 − 1/n) exceed the extra node hop: small batches from many senders; large
 * batches, or a node with one attention instance, stay direct. Ties go direct (fewer hops).
 *
 * <p>Worked example (also {@code CommunicationCostModelTest}), α = 20 µs, β = 0.1 ns/B (10 GB/s),
 * α_node = 2 µs, β_node = 0.02 ns/B, m = 3:
 * <ul>
 *   <li>n = 1, B = 12 288: direct 61 228.8 ns, two-phase 61 228.8 ns → DIRECT;</li>
 *   <li>n = 4, B = 12 288, not host: direct 61 228.8 ns, two-phase 2 000 + 245.76 + 15 000 +
 *       1 228.8 = 18 474.56 ns → TWO_PHASE;</li>
 *   <li>n = 2, B = 4 194 304, not host: direct 479 430.4 ns, two-phase 2 000 + 83 886.08 +
 *       30 000 + 419 430.4 = 535 316.48 ns → DIRECT.</li>
 * </ul>
 *
 * <p>The decision is a pure function of what the sender knows locally, so senders of one node
 * may choose differently for the same step; the {@link NodeAggregator} handles that (a sender
 * going direct tells it to stop waiting).
 *
 * @param alphaNanos           inter-node latency per message
 * @param betaNanosPerByte     inter-node time per byte
 * @param nodeAlphaNanos       node-local latency per message (phase 1)
 * @param nodeBetaNanosPerByte node-local time per byte (phase 1)
 */
public record CommunicationCostModel(double alphaNanos, double betaNanosPerByte, double nodeAlphaNanos,
                                     double nodeBetaNanosPerByte) implements ModePolicy {

    public CommunicationCostModel {
        if (alphaNanos < 0 || betaNanosPerByte < 0 || nodeAlphaNanos < 0 || nodeBetaNanosPerByte < 0) {
            throw new IllegalArgumentException("cost constants must be non-negative");
        }
    }

    public double directNanos(StepShape s) {
        return s.messages() * alphaNanos + s.bytes() * betaNanosPerByte;
    }

    public double twoPhaseNanos(StepShape s) {
        double phase1 = s.aggregatorHost() ? 0 : nodeAlphaNanos + s.bytes() * nodeBetaNanosPerByte;
        return phase1 + (double) s.messages() / s.nodeMembers() * alphaNanos + s.bytes() * betaNanosPerByte;
    }

    @Override
    public CommMode choose(StepShape s) {
        return s.nodeMembers() > 1 && twoPhaseNanos(s) < directNanos(s) ? CommMode.TWO_PHASE : CommMode.DIRECT;
    }

    /**
     * Measures α and β through {@code transport} to {@code instance}: the median round trip of a
     * one-token batch with no expert slot (α) and the extra time per byte of a ~64 KB one (β), after
     * a warm-up round of each, the lower of two medians.
     * The node-local constants are given (in one JVM there is no node link to time). A round trip
     * that takes over 5 s fails the calibration (CompletionException).
     */
    public static CommunicationCostModel calibrate(ExpertTransport transport, int instance, int hiddenSize, int topK,
                                                   int rounds, double nodeAlphaNanos, double nodeBetaNanosPerByte) {
        InstanceBatch small = emptyBatch(1, hiddenSize, topK);
        InstanceBatch large = emptyBatch(Math.max(2, 65_536 / (hiddenSize * Float.BYTES)), hiddenSize, topK);
        medianNanos(transport, instance, small, rounds); // warm-up: JIT, connection, buffers
        medianNanos(transport, instance, large, rounds);
        // the lower of two medians each: a burst of load on a shared machine does not set the constants
        double tSmall = Math.min(medianNanos(transport, instance, small, rounds), medianNanos(transport, instance, small, rounds));
        double tLarge = Math.min(medianNanos(transport, instance, large, rounds), medianNanos(transport, instance, large, rounds));
        double beta = Math.max(0, (tLarge - tSmall) / (CommStats.bytes(large) - CommStats.bytes(small)));
        double alpha = Math.max(0, tSmall - CommStats.bytes(small) * beta);
        return new CommunicationCostModel(alpha, beta, nodeAlphaNanos, nodeBetaNanosPerByte);
    }

    /** Rows with every slot -1: the instance answers no rows, so only the transport is timed. */
    private static InstanceBatch emptyBatch(int tokens, int hiddenSize, int topK) {
        int[] physical = new int[tokens * topK];
        Arrays.fill(physical, -1);
        return new InstanceBatch(-1, 0, 0, new int[tokens], new float[tokens * hiddenSize], hiddenSize, topK, physical);
    }

    private static double medianNanos(ExpertTransport transport, int instance, InstanceBatch b, int rounds) {
        long[] t = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            transport.execute(instance, b).orTimeout(5, TimeUnit.SECONDS).join();
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        return t[rounds / 2];
    }
}
