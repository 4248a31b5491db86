package dev.janus.comm.stats;

import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;

import java.io.ByteArrayOutputStream;

/**
 * The last {@code capacity} routing decisions of an engine (all layers, in order), so that the
 * placement service can replay real batches through the scheduler to predict a plan's effect
 * (a_max per layer before and after). A ring of reused slots: recording copies
 * {@code tokens × topK} ids and weights and allocates only while a slot grows.
 * {@link #encode()} gives them in {@link RoutingTraceWriter}'s format. Thread-safe.
 */
public final class RecentRouting implements MoeLayer.RoutingObserver {

    private final int experts;
    private final int topK;
    private final Slot[] ring;
    private long recorded; // guarded by this

    private static final class Slot {
        int layer;
        int tokens;
        short[] ids = new short[0];
        float[] weights = new float[0];
    }

    public RecentRouting(int experts, int topK, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("recent routing capacity must be at least 1, got " + capacity);
        }
        this.experts = experts;
        this.topK = topK;
        this.ring = new Slot[capacity];
        for (int i = 0; i < capacity; i++) {
            ring[i] = new Slot();
        }
    }

    @Override
    public synchronized void onRouting(int layer, RoutingDecision routing) {
        Slot s = ring[(int) (recorded++ % ring.length)];
        int n = routing.tokens() * routing.topK();
        if (s.ids.length < n) {
            s.ids = new short[n];
            s.weights = new float[n];
        }
        s.layer = layer;
        s.tokens = routing.tokens();
        for (int row = 0; row < n; row++) {
            s.ids[row] = (short) routing.expertOfRow(row);
            s.weights[row] = routing.weight(row / topK, row % topK);
        }
    }

    /** Decisions held now (at most the capacity). */
    public synchronized int size() {
        return (int) Math.min(recorded, ring.length);
    }

    /** The held decisions, oldest first, as a routing trace. */
    public synchronized byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RoutingDecision r = new RoutingDecision();
        try (RoutingTraceWriter writer = new RoutingTraceWriter(bytes, experts, topK)) {
            int held = size();
            for (long i = recorded - held; i < recorded; i++) {
                Slot s = ring[(int) (i % ring.length)];
                r.reset(s.tokens, topK);
                for (int row = 0; row < s.tokens * topK; row++) {
                    r.set(row / topK, row % topK, s.ids[row], s.weights[row]);
                }
                writer.onRouting(s.layer, r);
            }
        }
        return bytes.toByteArray();
    }
}
