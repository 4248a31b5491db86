package dev.janus.model.tensor;

/**
 * float8 e4m3fn (OCP FP8, torch {@code float8_e4m3fn}): 1 sign bit, 4 exponent bits with bias 7,
 * 3 mantissa bits, subnormals, no infinities; {@code 0x7F} / {@code 0xFF} are NaN, the largest
 * finite value is 448.
 */
public final class Float8E4m3 {

    /** Largest finite magnitude. */
    public static final float MAX = 448f;

    /** All 256 codes widened to float32: the decoding is a table lookup. */
    private static final float[] TO_FLOAT = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            TO_FLOAT[b] = decode(b);
        }
    }

    private Float8E4m3() {
    }

    /** The value of one code (exact in float32). */
    public static float toFloat(byte code) {
        return TO_FLOAT[code & 0xFF];
    }

    /**
     * float32 → e4m3fn, round to nearest even, saturating to ±448 (what DeepSeek's and HF's FP8
     * quantizers do by clamping to ±448 before {@code .to(torch.float8_e4m3fn)}; torch's own cast
     * would turn values from 464 up into NaN). NaN stays NaN ({@code 0x7F} with the sign).
     */
    public static byte fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 24) & 0x80;
        if (Float.isNaN(f)) {
            return (byte) (sign | 0x7F);
        }
        float a = Math.min(Math.abs(f), MAX);
        int mag;
        if (a < 0x1p-6f) {
            // subnormal range: multiples of 2^-9; rint rounds half to even; 8 * 2^-9 is the
            // smallest normal, whose code 0x08 is exactly 8
            mag = (int) Math.rint(a * 512f);
        } else {
            // keep 3 of float32's 23 mantissa bits, round half to even on the 20 dropped; a carry
            // moves into the exponent, which is the right result. Rebias the exponent 127 -> 7.
            int ab = Float.floatToRawIntBits(a);
            int rounded = ab + 0x7FFFF + ((ab >>> 20) & 1);
            mag = (rounded >>> 20) - ((127 - 7) << 3);
        }
        return (byte) (sign | mag);
    }

    private static float decode(int b) {
        int exp = (b >>> 3) & 0xF;
        int mant = b & 7;
        float sign = (b & 0x80) != 0 ? -1f : 1f;
        if (exp == 15 && mant == 7) {
            return Float.NaN;
        }
        if (exp == 0) {
            return sign * mant * 0x1p-9f;
        }
        return sign * (1f + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
    }
}
