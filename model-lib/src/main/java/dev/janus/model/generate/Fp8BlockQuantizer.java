package dev.janus.model.generate;

import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.weights.SafetensorsWriter;
import java.io.IOException;
import java.util.List;

/**
 * Block-wise FP8 quantization of one generated linear weight {@code W [out, in]}, as HF
 * transformers' FineGrainedFP8 quantizer (and DeepSeek's checkpoints) do it: per
 * {@code [blockRows, blockCols]} block (partial at the right and bottom edges)
 * {@code s = 448 / amax(|W_block|)}, {@code q = e4m3(clamp(W * s, -448, 448))} rounded to
 * nearest even, {@code weight_scale_inv = 1 / s}; an all-zero block gets {@code s = 1}
 * (HF would divide by zero). The weight's values are streamed twice, once per written tensor
 * (codes, then scales), from its deterministic filler, one band of {@code blockRows} rows at a time.
 */
final class Fp8BlockQuantizer {

    private final WeightSpec spec;
    private final long seed;
    private final Fp8Quantization q;
    private final int rows;
    private final int cols;

    Fp8BlockQuantizer(WeightSpec spec, long seed, Fp8Quantization q) {
        if (spec.shape().length != 2) {
            throw new IllegalArgumentException(spec.name() + ": only 2-D weights are quantized");
        }
        this.spec = spec;
        this.seed = seed;
        this.q = q;
        this.rows = Math.toIntExact(spec.shape()[0]);
        this.cols = Math.toIntExact(spec.shape()[1]);
    }

    /** The tensors written for this weight: codes (F8_E4M3) and {@code weight_scale_inv} (F32). */
    List<SafetensorsWriter.Tensor> tensors() {
        long[] scaleShape = {Fp8BlockTensor.blocks(rows, 0, q.blockRows()), Fp8BlockTensor.blocks(cols, 0, q.blockCols())};
        return List.of(
                new SafetensorsWriter.Tensor(spec.name(), DType.F8_E4M3, spec.shape(), sink -> bands((band, n, s) -> {
                    for (int r = 0; r < n; r++) {
                        for (int c = 0; c < cols; c++) {
                            float v = band[r * cols + c] * s[c / q.blockCols()];
                            sink.put(Math.max(-Float8E4m3.MAX, Math.min(Float8E4m3.MAX, v)));
                        }
                    }
                })),
                new SafetensorsWriter.Tensor(spec.name() + "_scale_inv", DType.F32, scaleShape, sink -> bands((band, n, s) -> {
                    for (float x : s) {
                        sink.put(1f / x);
                    }
                })));
    }

    /** A band of {@code n} rows {@code [n, cols]} and its per-block quantization multipliers {@code s}. */
    @FunctionalInterface
    private interface Band {
        void accept(float[] band, int n, float[] s) throws IOException;
    }

    private void bands(Band out) throws IOException {
        int br = q.blockRows();
        float[] band = new float[Math.min(br, rows) * cols];
        float[] s = new float[Fp8BlockTensor.blocks(cols, 0, q.blockCols())];
        int[] filled = {0};
        int[] rowsDone = {0};
        WeightFiller.fill(spec, seed, v -> {
            band[filled[0]++] = v;
            int n = Math.min(br, rows - rowsDone[0]);
            if (filled[0] == n * cols) {
                multipliers(band, n, s);
                out.accept(band, n, s);
                rowsDone[0] += n;
                filled[0] = 0;
            }
        });
    }

    private void multipliers(float[] band, int n, float[] s) {
        int bc = q.blockCols();
        for (int k = 0; k < s.length; k++) {
            float amax = 0f;
            for (int r = 0; r < n; r++) {
                for (int c = k * bc, end = Math.min(cols, c + bc); c < end; c++) {
                    amax = Math.max(amax, Math.abs(band[r * cols + c]));
                }
            }
            s[k] = amax == 0f ? 1f : Float8E4m3.MAX / amax;
        }
    }
}
