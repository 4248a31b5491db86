package dev.janus.model.tokenizer;

/**
 * Rust {@code String::from_utf8_lossy}: every maximal invalid subpart becomes one U+FFFD
 * (Unicode §3.9 "best practice"). Java's decoder differs on some inputs, e.g. it turns the
 * surrogate prefix {@code ED A5} into one U+FFFD where Rust (and HF decode) gives two.
 */
final class Utf8 {

    private Utf8() {
    }

    static String decodeLossy(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                out.append((char) b0);
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                lo = b0 == 0xE0 ? 0xA0 : 0x80;
                hi = b0 == 0xED ? 0x9F : 0xBF;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                lo = b0 == 0xF0 ? 0x90 : 0x80;
                hi = b0 == 0xF4 ? 0x8F : 0xBF;
            } else {
                out.append('\uFFFD');
                i++;
                continue;
            }
            int cp = b0 & (0x3F >> need);
            int j = i + 1;
            boolean ok = true;
            for (int k = 0; k < need; k++, j++) {
                int b = j < length ? bytes[j] & 0xFF : -1;
                int min = k == 0 ? lo : 0x80;
                int max = k == 0 ? hi : 0xBF;
                if (b < min || b > max) {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (b & 0x3F);
            }
            if (ok) {
                out.appendCodePoint(cp);
            } else {
                out.append('\uFFFD'); // the valid prefix i..j-1 is one maximal subpart
            }
            i = j;
        }
        return out.toString();
    }
}
