package dev.janus.model.generate;

import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.weights.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * int8 per-channel quantization of one generated linear weight {@code W [out, in]}, as
 * llm-compressor's W8A16 scheme (symmetric, min-max observer) writes it in the compressed-tensors
 * format: per row {@code scale = amax(|W_row|) / 127.5} ((qmax - qmin) / 2 for int8), stored in
 * bf16 like the model's own weights, and {@code q = clamp(round(W / scale), -128, 127)} with the
 * stored scale, rounded half to even; an all-zero row gets scale 1. {@code packed}: the
 * pack-quantized layout, the codes as {@code weight_packed} (I32 {@code [out, in / 4]}, four
 * {@code q + 128} bytes per word, {@code pack_to_int32} along the row) beside {@code weight_shape}
 * (I64 {@code [out, in]}). The weight's values are streamed twice, once per written tensor (codes,
 * then scales), one row at a time.
 */
final class Int8ChannelQuantizer {

    private final WeightSpec spec;
    private final long seed;
    private final int rows;
    private final int cols;
    private final boolean packed;

    Int8ChannelQuantizer(WeightSpec spec, long seed, boolean packed) {
        if (spec.shape().length != 2) {
            throw new IllegalArgumentException(spec.name() + ": only 2-D weights are quantized");
        }
        this.spec = spec;
        this.seed = seed;
        this.rows = Math.toIntExact(spec.shape()[0]);
        this.cols = Math.toIntExact(spec.shape()[1]);
        this.packed = packed;
        if (packed && cols % 4 != 0) {
            throw new IllegalArgumentException(spec.name() + ": pack-quantized needs in_features divisible by 4, got " + cols);
        }
    }

    /** The tensors written for this weight: codes (I8, or packed I32 and the shape) and {@code weight_scale} (BF16, {@code [out, 1]}). */
    List<SafetensorsWriter.Tensor> tensors() {
        SafetensorsWriter.Tensor codes = packed
                ? new SafetensorsWriter.Tensor(spec.name() + "_packed", DType.I32, new long[] {rows, cols / 4},
                        sink -> {
                            ByteBuffer bytes = ByteBuffer.allocate(cols);
                            rows((row, scale) -> {
                                bytes.clear();
                                for (float v : row) {
                                    bytes.put((byte) ((int) code(v, scale) + 128)); // pack_to_int32's offset, low byte first
                                }
                                sink.putRaw(bytes.flip());
                            });
                        })
                : new SafetensorsWriter.Tensor(spec.name(), DType.I8, spec.shape(), sink -> rows((row, scale) -> {
                    for (float v : row) {
                        sink.put(code(v, scale));
                    }
                }));
        SafetensorsWriter.Tensor scales = new SafetensorsWriter.Tensor(spec.name() + "_scale", DType.BF16, new long[] {rows, 1},
                sink -> rows((row, scale) -> sink.put(scale)));
        if (!packed) {
            return List.of(codes, scales);
        }
        SafetensorsWriter.Tensor shape = new SafetensorsWriter.Tensor(spec.name() + "_shape", DType.I64, new long[] {2},
                sink -> sink.putRaw(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(rows).putLong(cols).flip()));
        return List.of(codes, scales, shape);
    }

    private static float code(float v, float scale) {
        return Math.max(-128f, Math.min(127f, (float) Math.rint(v / scale)));
    }

    @FunctionalInterface
    private interface Row {
        void accept(float[] row, float scale) throws IOException;
    }

    /** Each row with its scale, already rounded to bf16 (what a reader gets back). */
    private void rows(Row out) throws IOException {
        float[] row = new float[cols];
        int[] filled = {0};
        WeightFiller.fill(spec, seed, v -> {
            row[filled[0]++] = v;
            if (filled[0] == cols) {
                float amax = 0f;
                for (float x : row) {
                    amax = Math.max(amax, Math.abs(x));
                }
                float scale = amax == 0f ? 1f : Bf16Tensor.toFloat(Bf16Tensor.fromFloat(amax / 127.5f));
                out.accept(row, scale);
                filled[0] = 0;
            }
        });
    }
}
