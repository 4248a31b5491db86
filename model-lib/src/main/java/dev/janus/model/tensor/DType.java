package dev.janus.model.tensor;

import java.util.List;

/** Element types of weight tensors, with the names safetensors uses in its header. */
public enum DType {
    BF16(2, "BF16"),
    F16(2, "F16"),
    F32(4, "F32"),
    /** float8 e4m3fn ({@link Float8E4m3}); as weights only with block scales ({@link Fp8BlockTensor}). */
    F8_E4M3(1, "F8_E4M3"),
    /** int8; as weights only with per-channel scales ({@link Int8ChannelTensor}, compressed-tensors W8A16). */
    I8(1, "I8"),
    /** int32: only pack-quantized int8 codes, four to a word ({@code weight_packed}); never a weight tensor itself. */
    I32(4, "I32"),
    /** int64: only shapes beside packed weights ({@code weight_shape}); never a weight tensor itself. */
    I64(8, "I64");

    private final int bytes;
    private final String safetensorsName;

    DType(int bytes, String safetensorsName) {
        this.bytes = bytes;
        this.safetensorsName = safetensorsName;
    }

    public int bytes() {
        return bytes;
    }

    public String safetensorsName() {
        return safetensorsName;
    }

    /** The dtypes a {@link WeightTensor} can have (all but I32 and I64, which only hold packed codes and shapes). */
    public static List<DType> weightDtypes() {
        return List.of(BF16, F16, F32, F8_E4M3, I8);
    }

    /** The dtype for a safetensors header name, or null when we do not support it. */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) {
            if (d.safetensorsName.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
