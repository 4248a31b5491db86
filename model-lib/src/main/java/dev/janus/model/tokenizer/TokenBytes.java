package dev.janus.model.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * The bytes one token adds to the decoded text when it is not the first token (the form
 * constrained decoding matches against): HF's decoder chain run on one token at byte level.
 * ByteLevel maps each character back to its byte; ByteFallback's {@code <0xNN>} is one raw byte
 * (possibly part of a longer UTF-8 sequence, which a string cannot hold); Metaspace and Replace
 * rewrite the token's characters; Fuse and Strip only act at the ends of the whole text.
 */
final class TokenBytes {

    private TokenBytes() {
    }

    static byte[] of(Decoder decoder, String token) {
        if (decoder == null) {
            return utf8(token);
        }
        String text = token;
        for (Decoder step : decoder instanceof Decoder.Sequence s ? s.steps() : java.util.List.of(decoder)) {
            switch (step) {
                case Decoder.ByteLevel b -> {
                    return byteLevel(text);
                }
                case Decoder.ByteFallback f -> {
                    int b = byteToken(text);
                    if (b >= 0) {
                        return new byte[] {(byte) b};
                    }
                }
                case Decoder.Metaspace m -> text = text.replace(m.replacement(), ' ');
                case Decoder.Replace r -> text = r.pattern().matcher(text).replaceAll(
                        java.util.regex.Matcher.quoteReplacement(r.content()));
                case Decoder.Fuse f -> { }
                case Decoder.Strip s -> { } // after Fuse it trims the ends of the whole text only
                case Decoder.Sequence nested -> text = new String(of(nested, text), StandardCharsets.UTF_8);
            }
        }
        return utf8(text);
    }

    private static byte[] byteLevel(String token) {
        byte[] mapped = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = ByteLevelAlphabet.toByte(token.charAt(i));
            if (b < 0) {
                return utf8(token); // an added token: its own text
            }
            mapped[i] = (byte) b;
        }
        return mapped;
    }

    private static int byteToken(String t) {
        if (t.length() != 6 || !t.startsWith("<0x") || !t.endsWith(">")) {
            return -1;
        }
        try {
            return Integer.parseInt(t.substring(3, 5), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
