package dev.janus.model.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** e4m3fn decoding of all 256 codes and round-to-nearest-even, saturating encoding. */
class Float8E4m3Test {

    @Test
    void decodesTheFormat() {
        assertThat(Float8E4m3.toFloat((byte) 0x00)).isEqualTo(0f);
        assertThat(Float.floatToRawIntBits(Float8E4m3.toFloat((byte) 0x80))).isEqualTo(0x8000_0000); // -0
        assertThat(Float8E4m3.toFloat((byte) 0x01)).isEqualTo(0x1p-9f);  // smallest subnormal
        assertThat(Float8E4m3.toFloat((byte) 0x07)).isEqualTo(7 * 0x1p-9f);
        assertThat(Float8E4m3.toFloat((byte) 0x08)).isEqualTo(0x1p-6f);  // smallest normal
        assertThat(Float8E4m3.toFloat((byte) 0x38)).isEqualTo(1f);
        assertThat(Float8E4m3.toFloat((byte) 0x7E)).isEqualTo(448f);
        assertThat(Float8E4m3.toFloat((byte) 0xFE)).isEqualTo(-448f);
        assertThat(Float8E4m3.toFloat((byte) 0x7F)).isNaN();
        assertThat(Float8E4m3.toFloat((byte) 0xFF)).isNaN();
    }

    @Test
    void everyCodeRoundTrips() {
        for (int b = 0; b < 256; b++) {
            float v = Float8E4m3.toFloat((byte) b);
            if (!Float.isNaN(v)) {
                assertThat(Float8E4m3.fromFloat(v) & 0xFF).as("code %02x", b).isEqualTo(b);
            }
        }
    }

    @Test
    void roundsToNearestEvenAndSaturates() {
        // between 1 (0x38) and 1.125 (0x39): the midpoint goes to the even mantissa, 0x38
        assertThat(Float8E4m3.fromFloat(1.0625f)).isEqualTo((byte) 0x38);
        assertThat(Float8E4m3.fromFloat(Math.nextUp(1.0625f))).isEqualTo((byte) 0x39);
        // between 1.125 (0x39) and 1.25 (0x3A): the midpoint goes to 0x3A
        assertThat(Float8E4m3.fromFloat(1.1875f)).isEqualTo((byte) 0x3A);
        // subnormals: 2.5 * 2^-9 rounds to 2 * 2^-9, 3.5 * 2^-9 to 4 * 2^-9
        assertThat(Float8E4m3.fromFloat(2.5f * 0x1p-9f)).isEqualTo((byte) 0x02);
        assertThat(Float8E4m3.fromFloat(3.5f * 0x1p-9f)).isEqualTo((byte) 0x04);
        assertThat(Float8E4m3.fromFloat(7.5f * 0x1p-9f)).isEqualTo((byte) 0x08); // carries into the smallest normal
        assertThat(Float8E4m3.fromFloat(0x1p-10f)).isEqualTo((byte) 0x00);      // half the smallest subnormal: to even
        // saturation at ±448 instead of NaN
        assertThat(Float8E4m3.fromFloat(460f)).isEqualTo((byte) 0x7E);
        assertThat(Float8E4m3.fromFloat(1e6f)).isEqualTo((byte) 0x7E);
        assertThat(Float8E4m3.fromFloat(Float.NEGATIVE_INFINITY)).isEqualTo((byte) 0xFE);
        assertThat(Float8E4m3.toFloat(Float8E4m3.fromFloat(Float.NaN))).isNaN();
        assertThat(Float8E4m3.fromFloat(-0f)).isEqualTo((byte) 0x80);
    }

    @Test
    void encodingIsTheNearestCodeTiesToEven() {
        Random rnd = new Random(5);
        for (int i = 0; i < 3000; i++) {
            float v = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(24) - 14));
            byte got = Float8E4m3.fromFloat(v);
            double clamped = Math.max(-448.0, Math.min(448.0, v));
            double err = Math.abs(Float8E4m3.toFloat(got) - clamped);
            for (int b = 0; b < 256; b++) {
                float c = Float8E4m3.toFloat((byte) b);
                if (Float.isNaN(c)) {
                    continue;
                }
                double other = Math.abs(c - clamped);
                assertThat(err).as("%s -> %s, but %s is nearer", v, Float8E4m3.toFloat(got), c).isLessThanOrEqualTo(other);
                if (other == err && c != Float8E4m3.toFloat(got)) { // a tie: the even code wins
                    assertThat(got & 1).as("tie at %s", v).isZero();
                }
            }
        }
    }
}
