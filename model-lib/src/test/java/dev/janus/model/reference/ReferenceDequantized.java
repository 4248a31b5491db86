package dev.janus.model.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.TensorInfo;
import dev.janus.model.weights.WeightStore;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The references' own reading of quantized weights, written independently of the engine's
 * (no {@code Float8E4m3}, {@code Fp8BlockTensor} or {@code Int8ChannelTensor}): FP8 — decode each
 * e4m3fn code by its definition in double, round to float (exact), multiply by its block's
 * {@code weight_scale_inv} in float, as HF transformers dequantizes on a CPU; int8 — the code
 * times its row's {@code weight_scale}, rounded to the scale's dtype (bf16: 8 significant bits,
 * half to even) as compressed-tensors computes {@code q.to(scale.dtype) * scale}. Other dtypes are
 * read as stored.
 */
final class ReferenceDequantized {

    private static final ValueLayout.OfInt WORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private ReferenceDequantized() {
    }

    static WeightTensor matrix(WeightStore store, JsonNode config, String name) {
        if (store.names().contains(name + "_packed")) { // pack-quantized: I32 words of 4 offset codes
            TensorInfo packed = store.info(name + "_packed");
            return int8(store, name, (int) packed.shape()[0], 4 * (int) packed.shape()[1], store.raw(name + "_packed"), true);
        }
        TensorInfo info = store.info(name);
        if (info.shape().length != 2) {
            throw new IllegalArgumentException(name + " is not a matrix");
        }
        int rows = (int) info.shape()[0];
        int cols = (int) info.shape()[1];
        if (info.dtype() == DType.I8) {
            return int8(store, name, rows, cols, store.raw(name), false);
        }
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

    /** {@code packed}: little-endian int32 words, code {@code i} of a word in bits {@code 8i..8i+7} as {@code q + 128}. */
    private static WeightTensor int8(WeightStore store, String name, int rows, int cols, MemorySegment codes, boolean packed) {
        DType scaleDtype = store.info(name + "_scale").dtype();
        WeightTensor scales = store.matrix(name + "_scale", rows, 1);
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long i = (long) r * cols + c;
                int q = packed
                        ? ((codes.get(WORD, 4 * (i / 4)) >>> (8 * (i % 4))) & 0xFF) - 128
                        : codes.get(ValueLayout.JAVA_BYTE, i);
                float product = q * scales.get(r, 0);
                w[r * cols + c] = switch (scaleDtype) {
                    case F32 -> product;
                    case BF16 -> significantBits(product, 8);
                    default -> throw new UnsupportedOperationException("reference: int8 scales in " + scaleDtype);
                };
            }
        }
        return WeightTensor.ofFloats(name + " (dequantized)", w, rows, cols);
    }

    /** {@code v} rounded to {@code bits} significant bits, half to even (normal values and zero). */
    static float significantBits(float v, int bits) {
        if (v == 0f) {
            return v;
        }
        int e = Math.getExponent(v);
        return (float) Math.scalb(Math.rint(Math.scalb((double) v, bits - 1 - e)), e - (bits - 1));
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
