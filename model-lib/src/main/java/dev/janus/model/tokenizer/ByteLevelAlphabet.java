package dev.janus.model.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's {@code bytes_to_unicode} table: every byte maps to one printable code point so that
 * byte-level BPE can work on strings. Printable Latin-1 bytes map to themselves; the other 68
 * bytes map to U+0100.. in byte order (so the space 0x20 becomes 'Ġ' U+0120).
 */
final class ByteLevelAlphabet {

    /** Bytes in the order GPT-2 lists them; byte-level vocabularies put ids 0..255 in this order. */
    private static final int[] ORDERED_BYTES = new int[256];
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        int n = 0;
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                ORDERED_BYTES[n++] = b;
                BYTE_TO_CHAR[b] = (char) b;
            }
        }
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                ORDERED_BYTES[n++] = b;
                BYTE_TO_CHAR[b] = (char) (256 + extra++);
            }
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The i-th byte in GPT-2 vocabulary order. */
    static int orderedByte(int i) {
        return ORDERED_BYTES[i];
    }

    static char toChar(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /** The byte a table character stands for, or -1 when the character is not in the table. */
    static int toByte(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** Maps the UTF-8 bytes of {@code text} to table characters. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }
}
