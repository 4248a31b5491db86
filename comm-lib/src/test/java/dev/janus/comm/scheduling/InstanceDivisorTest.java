package dev.janus.comm.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceDivisorTest {

    @Test
    void workedExampleOfTheDocComment() {
        long m = InstanceDivisor.of(9, 288);
        assertThat(m).isEqualTo(477218589L);
        assertThat(287 * m).isEqualTo(136961735043L);
        assertThat(InstanceDivisor.instance(287, m)).isEqualTo(31);
    }

    @Test
    void equalsIntegerDivisionForEveryPhysicalIdOfEveryShape() {
        for (int c = 1; c <= 600; c++) {
            for (int n : new int[] {1, 2, 3, 7, 32, 64, 144}) {
                int physical = n * c;
                long m = InstanceDivisor.of(c, physical);
                for (int p = 0; p < physical; p++) {
                    if (InstanceDivisor.instance(p, m) != p / c) {
                        throw new AssertionError("p=" + p + " c=" + c);
                    }
                }
            }
        }
    }

    @Test
    void exactAtTheEdgeOfItsRangeAndRefusesBeyond() {
        int c = 65536;
        long m = InstanceDivisor.of(c, 65536); // P * C = 2^32
        for (int p : new int[] {0, 1, 32768, 65535}) {
            assertThat(InstanceDivisor.instance(p, m)).isEqualTo(p / c);
        }
        long m3 = InstanceDivisor.of(3, 1_431_655_765); // 3 * P < 2^32
        for (int p = 1_431_655_764; p > 1_431_655_764 - 100_000; p--) {
            if (InstanceDivisor.instance(p, m3) != p / 3) {
                throw new AssertionError("p=" + p);
            }
        }
        assertThatThrownBy(() -> InstanceDivisor.of(3, 1_431_655_766)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstanceDivisor.of(0, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
