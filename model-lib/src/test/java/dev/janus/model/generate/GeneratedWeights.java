package dev.janus.model.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test-side safetensors reading, independent of the engine's reader. */
final class GeneratedWeights {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratedWeights() {
    }

    static JsonNode header(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            ByteBuffer h = ByteBuffer.allocate((int) len.getLong(0));
            ch.read(h, 8);
            return JSON.readTree(new String(h.array(), StandardCharsets.UTF_8));
        }
    }

    static byte[] bytes(Path file, String name) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            long base = 8 + len.getLong(0);
            JsonNode off = header(file).get(name).get("data_offsets");
            ByteBuffer data = ByteBuffer.allocate((int) (off.get(1).asLong() - off.get(0).asLong()));
            ch.read(data, base + off.get(0).asLong());
            return data.array();
        }
    }

    /** A BF16 tensor widened to float. */
    static float[] floats(Path file, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(file, name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.capacity() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
        }
        return out;
    }

    static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double std(float[] x) {
        double m = mean(x);
        double s = 0;
        for (float v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }
}
