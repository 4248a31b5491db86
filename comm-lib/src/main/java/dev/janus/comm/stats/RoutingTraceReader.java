package dev.janus.comm.stats;

import dev.janus.model.moe.RoutingDecision;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads a {@link RoutingTraceWriter} file back as routing decisions, in recorded order. */
public final class RoutingTraceReader {

    /** One recorded decision. */
    public record Entry(int layer, RoutingDecision routing) {
    }

    /** Experts and top-k of a trace, and its decisions. */
    public record Trace(int experts, int topK, List<Entry> entries) {
    }

    private RoutingTraceReader() {
    }

    public static Trace read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read routing trace " + file, e);
        }
    }

    /** A trace from memory ({@code GET /internal/activation-stats/routing}'s body). */
    public static Trace decode(byte[] trace) {
        return read(new ByteArrayInputStream(trace), "routing trace");
    }

    private static Trace read(InputStream input, String file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(input, 1 << 16))) {
            if (in.readInt() != RoutingTraceWriter.MAGIC || in.readInt() != 1) {
                throw new IllegalArgumentException(file + " is not a routing trace (bad magic or version)");
            }
            int experts = in.readInt();
            int topK = in.readInt();
            if (experts <= 0 || topK <= 0 || topK > experts) {
                throw new IllegalArgumentException(file + ": invalid header experts=" + experts + " topK=" + topK);
            }
            List<Entry> entries = new ArrayList<>();
            while (true) {
                int layer;
                try {
                    layer = in.readInt();
                } catch (EOFException end) {
                    return new Trace(experts, topK, entries);
                }
                int tokens = in.readInt();
                if (layer < 0 || tokens <= 0 || tokens > 1 << 24) {
                    throw new IllegalArgumentException(file + ": corrupt record (layer " + layer + ", tokens " + tokens + ")");
                }
                RoutingDecision r = new RoutingDecision();
                r.reset(tokens, topK);
                int[] ids = new int[tokens * topK];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = in.readShort();
                    if (ids[i] < 0 || ids[i] >= experts) {
                        throw new IllegalArgumentException(file + ": expert id " + ids[i] + " out of range");
                    }
                }
                for (int i = 0; i < ids.length; i++) {
                    r.set(i / topK, i % topK, ids[i], in.readFloat());
                }
                entries.add(new Entry(layer, r));
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": routing trace is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
