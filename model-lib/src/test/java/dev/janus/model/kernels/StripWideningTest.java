package dev.janus.model.kernels;

import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strip widenings ({@link F16Rows}, {@link Fp8Rows}) on every code, against the scalar
 * conversions: once with only finite codes (the vector loop alone) and once with infinities and
 * NaNs among them (noticed, and the rows widened again with them restored). Bit-identical; any
 * NaN matches any NaN.
 */
class StripWideningTest {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void f16EveryPattern() {
        for (boolean withInfAndNan : new boolean[] {false, true}) {
            int rows = 4;
            int in = 1 << 14; // 4 rows hold all 65,536 patterns
            MemorySegment w = Arena.ofAuto().allocate(2L * rows * in, 64);
            for (int p = 0; p < rows * in; p++) {
                int bits = !withInfAndNan && (p & 0x7C00) == 0x7C00 ? p & 0xFBFF : p; // finite: clear an exponent bit
                w.setAtIndex(SHORT, p, (short) bits);
            }
            MemorySegment strip = Arena.ofAuto().allocate(4L * rows * in, 64);
            F16Rows.widen(w, 0, rows, in, strip);
            for (long p = 0; p < (long) rows * in; p++) {
                assertSame(strip.getAtIndex(FLOAT, p), Float.float16ToFloat(w.getAtIndex(SHORT, p)), p);
            }
        }
    }

    @Test
    void fp8EveryCodeInEveryBlock() {
        for (boolean withNan : new boolean[] {false, true}) {
            int rows = 4;
            int in = 512; // blocks of 128 columns, a different scale each
            MemorySegment w = Arena.ofAuto().allocate((long) rows * in, 64);
            for (int p = 0; p < rows * in; p++) {
                int code = (p * 7) & 0xFF;
                w.set(ValueLayout.JAVA_BYTE, p, (byte) (!withNan && (code & 0x7F) == 0x7F ? code ^ 1 : code));
            }
            float[] scales = {0.5f, 3e-3f, 1.7f, 0x1p-20f};
            Fp8BlockTensor t = Fp8BlockTensor.of("w", w, rows, in, scales, 128, 128);
            MemorySegment strip = Arena.ofAuto().allocate(4L * rows * in, 64);
            Fp8Rows.widen(t, 0, rows, strip);
            for (int p = 0; p < rows * in; p++) {
                float want = Float8E4m3.toFloat(w.get(ValueLayout.JAVA_BYTE, p)) * scales[(p % in) / 128];
                assertSame(strip.getAtIndex(FLOAT, p), want, p);
            }
        }
    }

    private static void assertSame(float actual, float expected, long at) {
        if (Float.isNaN(expected)) {
            assertThat(actual).as("element %d", at).isNaN();
        } else {
            assertThat(Float.floatToRawIntBits(actual)).as("element %d: %s vs %s", at, actual, expected)
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }
}
