package dev.janus.comm.stats;

import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dumps every routing decision of a run to a file (like SGLang's expert distribution recorder),
 * to replay real routing into the scheduler and placement benchmarks ({@link RoutingTraceReader}).
 *
 * <p>Format, big-endian: {@code int magic 0x4A525452 ("JRTR"), int version 1, int experts,
 * int topK}, then records until end of file: {@code int layer, int tokens,
 * tokens×topK short expert ids, tokens×topK float weights}. Records the router's logical experts
 * and weights, in order. Not thread-safe: attach it to one engine.
 */
public final class RoutingTraceWriter implements MoeLayer.RoutingObserver, AutoCloseable {

    static final int MAGIC = 0x4A525452;

    private final DataOutputStream out;
    private final int topK;

    public RoutingTraceWriter(Path file, int experts, int topK) {
        this(open(file), experts, topK);
    }

    /** Writes to {@code sink} (closed with the writer). */
    public RoutingTraceWriter(OutputStream sink, int experts, int topK) {
        try {
            this.out = new DataOutputStream(new BufferedOutputStream(sink, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(1);
            out.writeInt(experts);
            out.writeInt(topK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write routing trace", e);
        }
        this.topK = topK;
    }

    private static OutputStream open(Path file) {
        try {
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write routing trace " + file, e);
        }
    }

    @Override
    public void onRouting(int layer, RoutingDecision routing) {
        if (routing.topK() != topK) {
            throw new IllegalArgumentException("routing has top-" + routing.topK() + ", trace top-" + topK);
        }
        try {
            out.writeInt(layer);
            out.writeInt(routing.tokens());
            for (int t = 0; t < routing.tokens(); t++) {
                for (int s = 0; s < topK; s++) {
                    out.writeShort(routing.expert(t, s));
                }
            }
            for (int t = 0; t < routing.tokens(); t++) {
                for (int s = 0; s < topK; s++) {
                    out.writeFloat(routing.weight(t, s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write routing trace", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close routing trace", e);
        }
    }
}
