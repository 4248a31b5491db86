package dev.janus.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {

    private static String lossy(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.decodeLossy(b, b.length);
    }

    @Test
    void validSequencesDecode() {
        assertThat(lossy(0x41, 0xC3, 0xA9, 0xE6, 0x97, 0xA5, 0xF0, 0x9F, 0x99, 0x82)).isEqualTo("Aé日🙂");
    }

    @Test
    void maximalSubpartsBecomeOneReplacementEach() {
        assertThat(lossy(0xF0, 0x9F)).isEqualTo("\uFFFD");            // truncated 4-byte sequence
        assertThat(lossy(0xED, 0xA5, 0x41)).isEqualTo("\uFFFD\uFFFDA"); // surrogate prefix: two subparts
        assertThat(lossy(0xC0, 0x80)).isEqualTo("\uFFFD\uFFFD");       // overlong lead is never valid
        assertThat(lossy(0xE6, 0x97, 0x41)).isEqualTo("\uFFFDA");
        assertThat(lossy(0x80, 0xBF)).isEqualTo("\uFFFD\uFFFD");
        assertThat(lossy(0xF4, 0x90, 0x80, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD"); // above U+10FFFF
    }
}
