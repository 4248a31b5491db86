package dev.janus.comm.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Activation statistics over a window ({@link ActivationStatistics#snapshot()}).
 *
 * <p>Compact wire format ({@link #encode()}), big-endian, for the placement service:
 * <pre>
 *   int   magic 0x4A414353 ("JACS"), int version 1
 *   int   layers L, int experts E, long windowMillis
 *   L×E   varlong counts            (tokens routed to expert e of layer l)
 *   per layer, for i &lt; j: varlong co-activations (tokens that chose both i and j), row-major
 * </pre>
 * Varlongs are unsigned LEB128, so sparse (mostly zero) matrices stay small.
 *
 * @param layers       layers
 * @param experts      logical experts per layer
 * @param windowMillis window the counts cover
 * @param counts       [layers * experts]
 * @param coactivation [layers * experts * experts], only i &lt; j filled
 */
public record ActivationSnapshot(int layers, int experts, long windowMillis, long[] counts, long[] coactivation) {

    private static final int MAGIC = 0x4A414353;

    public long count(int layer, int expert) {
        return counts[layer * experts + expert];
    }

    /** Tokens that activated both experts (order does not matter). */
    public long coactivation(int layer, int a, int b) {
        int i = Math.min(a, b);
        int j = Math.max(a, b);
        return i == j ? count(layer, i) : coactivation[(layer * experts + i) * experts + j];
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(1);
            out.writeInt(layers);
            out.writeInt(experts);
            out.writeLong(windowMillis);
            for (long c : counts) {
                writeVarLong(out, c);
            }
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < experts; i++) {
                    for (int j = i + 1; j < experts; j++) {
                        writeVarLong(out, coactivation[(l * experts + i) * experts + j]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ActivationSnapshot decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC || in.readInt() != 1) {
                throw new IllegalArgumentException("not an activation snapshot (bad magic or version)");
            }
            int layers = in.readInt();
            int experts = in.readInt();
            if (layers <= 0 || experts <= 0 || (long) layers * experts * experts > 1L << 26) {
                throw new IllegalArgumentException("activation snapshot: invalid shape " + layers + " x " + experts);
            }
            long window = in.readLong();
            long[] counts = new long[layers * experts];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = readVarLong(in);
            }
            long[] pairs = new long[layers * experts * experts];
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < experts; i++) {
                    for (int j = i + 1; j < experts; j++) {
                        pairs[(l * experts + i) * experts + j] = readVarLong(in);
                    }
                }
            }
            return new ActivationSnapshot(layers, experts, window, counts, pairs);
        } catch (IOException e) {
            throw new IllegalArgumentException("activation snapshot is truncated", e);
        }
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("activation snapshot: varlong too long");
    }
}
