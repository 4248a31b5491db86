package dev.janus.model.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.TensorInfo;
import dev.janus.model.weights.WeightStore;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The references' own reading of FP8 weights, written independently of the engine's
 * (no {@code Float8E4m3}, no {@code Fp8BlockTensor}): decode each e4m3fn code by its definition
 * in double, round to float (exact), multiply by its block's {@code weight_scale_inv} in float,
 * as HF transformers dequantizes on a CPU. Other dtypes are read as stored.
 */
final class ReferenceFp8 {

    private ReferenceFp8() {
    }

    static WeightTensor matrix(WeightStore store, JsonNode config, String name) {
        TensorInfo info = store.info(name);
        int rows = (int) info.shape()[0];
        int cols = (int) info.shape()[1];
        if (info.dtype() != DType.F8_E4M3) {
            return store.matrix(name, rows, cols);
        }
        JsonNode block = config.get("quantization_config").get("weight_block_size");
        int br = block.get(0).intValue();
        int bc = block.get(1).intValue();
        int scaleCols = (cols + bc - 1) / bc;
        WeightTensor scales = store.matrix(name + "_scale_inv", (rows + br - 1) / br, scaleCols);
        MemorySegment codes = store.raw(name);
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float q = decode(codes.get(ValueLayout.JAVA_BYTE, (long) r * cols + c) & 0xFF);
                w[r * cols + c] = q * scales.get(r / br, c / bc);
            }
        }
        return WeightTensor.ofFloats(name + " (dequantized)", w, rows, cols);
    }

    /** OCP FP8 e4m3fn: bias 7, subnormals at exponent 0, 0x7F/0xFF NaN, no infinities. */
    static float decode(int code) {
        int sign = code >> 7;
        int exp = (code >> 3) & 15;
        int mant = code & 7;
        if (exp == 15 && mant == 7) {
            return Float.NaN;
        }
        double v = exp == 0 ? mant / 8.0 * Math.pow(2, -6) : (1 + mant / 8.0) * Math.pow(2, exp - 7);
        return (float) (sign == 1 ? -v : v);
    }
}
