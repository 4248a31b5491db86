package dev.janus.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HF {@code decoders}: {@code decode_chain} turns token strings into text pieces that are
 * finally concatenated.
 */
sealed interface Decoder {

    List<String> decodeChain(List<String> tokens);

    /**
     * HF ByteLevel: each token's characters map back to bytes (a token with a character outside
     * the table, e.g. an added token, contributes its own UTF-8), then one lossy UTF-8 decode
     * (invalid sequences become U+FFFD, as Rust's {@code String::from_utf8_lossy}).
     */
    record ByteLevel() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String token : tokens) {
                byte[] mapped = new byte[token.length()];
                boolean allMapped = true;
                for (int i = 0; i < token.length() && allMapped; i++) {
                    int b = ByteLevelAlphabet.toByte(token.charAt(i));
                    allMapped = b >= 0;
                    mapped[i] = (byte) b;
                }
                bytes.writeBytes(allMapped ? mapped : token.getBytes(StandardCharsets.UTF_8));
            }
            return List.of(Utf8.decodeLossy(bytes.toByteArray(), bytes.size()));
        }
    }

    /** HF Metaspace: the replacement char becomes a space; the first token loses it entirely. */
    record Metaspace(char replacement, boolean stripFirst) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                out.add(i == 0 && stripFirst ? t.replace(String.valueOf(replacement), "")
                        : t.replace(replacement, ' '));
            }
            return out;
        }
    }

    record Replace(Pattern pattern, String content) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            String replacement = Matcher.quoteReplacement(content);
            return tokens.stream().map(t -> pattern.matcher(t).replaceAll(replacement)).toList();
        }
    }

    /**
     * HF ByteFallback: runs of {@code <0xNN>} tokens become their UTF-8 text, or one U+FFFD per
     * byte when the run is not valid UTF-8.
     */
    record ByteFallback() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            for (String t : tokens) {
                int b = t.length() == 6 && t.startsWith("<0x") && t.endsWith(">") ? parseHex(t.substring(3, 5)) : -1;
                if (b >= 0) {
                    run.write(b);
                } else {
                    flush(run, out);
                    out.add(t);
                }
            }
            flush(run, out);
            return out;
        }

        private static int parseHex(String s) {
            try {
                return Integer.parseInt(s, 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static void flush(ByteArrayOutputStream run, List<String> out) {
            if (run.size() == 0) {
                return;
            }
            try {
                out.add(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(run.toByteArray())).toString());
            } catch (CharacterCodingException e) {
                for (int i = 0; i < run.size(); i++) {
                    out.add("\uFFFD");
                }
            }
            run.reset();
        }
    }

    record Fuse() implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** HF Strip: removes up to {@code start} leading and {@code stop} trailing {@code content} chars per token. */
    record Strip(int content, int start, int stop) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int[] cps = t.codePoints().toArray();
                int from = 0;
                while (from < Math.min(start, cps.length) && cps[from] == content) {
                    from++;
                }
                int to = cps.length;
                for (int i = 0; i < stop && to > from && cps[to - 1] == content; i++) {
                    to--;
                }
                out.add(new String(cps, from, to - from));
            }
            return out;
        }
    }

    record Sequence(List<Decoder> steps) implements Decoder {
        @Override
        public List<String> decodeChain(List<String> tokens) {
            for (Decoder d : steps) {
                tokens = d.decodeChain(tokens);
            }
            return tokens;
        }
    }
}
