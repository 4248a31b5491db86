package dev.janus.model.generate;

import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.weights.SafetensorsWriter;
import java.io.IOException;
import java.util.List;

/**
 * int8 per-channel quantization of one generated linear weight {@code W [out, in]}, as
 * llm-compressor's W8A16 scheme (symmetric, min-max observer) writes it in the compressed-tensors
 * format: per row {@code scale = amax(|W_row|) / 127.5} ((qmax - qmin) / 2 for int8), stored in
 * bf16 like the model's own weights, and {@code q = clamp(round(W / scale), -128, 127)} with the
 * stored scale, rounded half to even; an all-zero row gets scale 1. The weight's values are
 * streamed twice, once per written tensor (codes, then scales), one row at a time.
 */
final class Int8ChannelQuantizer {

    private final WeightSpec spec;
    private final long seed;
    private final int rows;
    private final int cols;

    Int8ChannelQuantizer(WeightSpec spec, long seed) {
        if (spec.shape().length != 2) {
            throw new IllegalArgumentException(spec.name() + ": only 2-D weights are quantized");
        }
        this.spec = spec;
        this.seed = seed;
        this.rows = Math.toIntExact(spec.shape()[0]);
        this.cols = Math.toIntExact(spec.shape()[1]);
    }

    /** The tensors written for this weight: codes (I8) and {@code weight_scale} (BF16, {@code [out, 1]}). */
    List<SafetensorsWriter.Tensor> tensors() {
        return List.of(
                new SafetensorsWriter.Tensor(spec.name(), DType.I8, spec.shape(), sink -> rows((row, scale) -> {
                    for (float v : row) {
                        sink.put(Math.max(-128f, Math.min(127f, (float) Math.rint(v / scale))));
                    }
                })),
                new SafetensorsWriter.Tensor(spec.name() + "_scale", DType.BF16, new long[] {rows, 1},
                        sink -> rows((row, scale) -> sink.put(scale))));
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
