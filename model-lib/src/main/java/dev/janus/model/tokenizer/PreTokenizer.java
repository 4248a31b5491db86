package dev.janus.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HF {@code pre_tokenizers}: splits a normalized piece into words that BPE then sees one at a
 * time. Empty pieces are dropped after every step, as HF does.
 */
sealed interface PreTokenizer {

    /**
     * A piece of text; {@code atStart} tells whether it begins at offset 0 of the original input
     * (HF {@code offsets_original().0 == 0}, which Metaspace's prepend_scheme "first" tests).
     */
    record Piece(String text, boolean atStart) {
    }

    /** HF SplitDelimiterBehavior. */
    enum Behavior { REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS }

    void split(Piece piece, List<Piece> out);

    default List<Piece> apply(List<Piece> pieces) {
        List<Piece> out = new ArrayList<>(pieces.size() * 2);
        for (Piece p : pieces) {
            split(p, out);
        }
        return out;
    }

    /** HF Split: a literal or regex pattern, with a delimiter behavior and optional inversion. */
    record Split(Pattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            splitByPattern(piece, pattern, behavior, invert, out);
        }
    }

    /**
     * HF ByteLevel: optional prefix space, optional GPT-2 regex split, then every UTF-8 byte
     * mapped through {@link ByteLevelAlphabet}.
     */
    record ByteLevel(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
        static final Pattern GPT2 = Pattern.compile(
                "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
                Pattern.UNICODE_CHARACTER_CLASS);

        @Override
        public void split(Piece piece, List<Piece> out) {
            String text = addPrefixSpace && !piece.text().startsWith(" ") ? " " + piece.text() : piece.text();
            List<Piece> words = new ArrayList<>();
            if (useRegex) {
                splitByPattern(new Piece(text, piece.atStart()), GPT2, Behavior.ISOLATED, false, words);
            } else if (!text.isEmpty()) {
                words.add(new Piece(text, piece.atStart()));
            }
            for (Piece w : words) {
                out.add(new Piece(ByteLevelAlphabet.encode(w.text()), w.atStart()));
            }
        }
    }

    /** HF Metaspace: spaces become the replacement char, which is prepended per prepend_scheme. */
    record Metaspace(String replacement, String prependScheme, boolean splitWords) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            String text = piece.text().replace(" ", replacement);
            boolean prepend = switch (prependScheme) {
                case "always" -> true;
                case "first" -> piece.atStart();
                default -> false;
            };
            if (prepend && !text.startsWith(replacement)) {
                text = replacement + text;
            }
            Piece replaced = new Piece(text, piece.atStart());
            if (splitWords) {
                splitByPattern(replaced, Pattern.compile(Pattern.quote(replacement)), Behavior.MERGED_WITH_NEXT, false, out);
            } else if (!text.isEmpty()) {
                out.add(replaced);
            }
        }
    }

    /** HF Digits: numbers isolated one by one, or kept as contiguous runs. */
    record Digits(boolean individualDigits) implements PreTokenizer {
        private static final Pattern DIGIT = Pattern.compile("\\p{N}");

        @Override
        public void split(Piece piece, List<Piece> out) {
            splitByPattern(piece, DIGIT, individualDigits ? Behavior.ISOLATED : Behavior.CONTIGUOUS, false, out);
        }
    }

    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        @Override
        public void split(Piece piece, List<Piece> out) {
            List<Piece> pieces = List.of(piece);
            for (PreTokenizer step : steps) {
                pieces = step.apply(pieces);
            }
            out.addAll(pieces);
        }
    }

    /** HF {@code NormalizedString::split}: (range, isMatch) runs combined per behavior. */
    static void splitByPattern(Piece piece, Pattern pattern, Behavior behavior, boolean invert, List<Piece> out) {
        String text = piece.text();
        // runs as triples [start, end, isMatch]
        List<int[]> runs = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int prev = 0;
        while (m.find()) {
            if (m.start() == m.end()) {
                continue; // HF drops empty matches' pieces
            }
            if (prev < m.start()) {
                runs.add(new int[] {prev, m.start(), invert ? 1 : 0});
            }
            runs.add(new int[] {m.start(), m.end(), invert ? 0 : 1});
            prev = m.end();
        }
        if (prev < text.length()) {
            runs.add(new int[] {prev, text.length(), invert ? 1 : 0});
        }
        List<int[]> kept = switch (behavior) {
            case ISOLATED -> runs;
            case REMOVED -> runs.stream().filter(r -> r[2] == 0).toList();
            case MERGED_WITH_PREVIOUS -> mergeWithPrevious(runs);
            case MERGED_WITH_NEXT -> mergeWithNext(runs);
            case CONTIGUOUS -> contiguous(runs);
        };
        for (int[] r : kept) {
            if (r[1] > r[0]) {
                out.add(new Piece(text.substring(r[0], r[1]), piece.atStart() && r[0] == 0));
            }
        }
    }

    private static List<int[]> mergeWithPrevious(List<int[]> runs) {
        List<int[]> acc = new ArrayList<>();
        boolean previousMatch = false;
        for (int[] r : runs) {
            if (r[2] == 1 && !previousMatch && !acc.isEmpty()) {
                acc.getLast()[1] = r[1];
            } else {
                acc.add(r.clone());
            }
            previousMatch = r[2] == 1;
        }
        return acc;
    }

    private static List<int[]> mergeWithNext(List<int[]> runs) {
        List<int[]> acc = new ArrayList<>();
        boolean previousMatch = false;
        for (int[] r : runs.reversed()) {
            if (r[2] == 1 && !previousMatch && !acc.isEmpty()) {
                acc.getLast()[0] = r[0];
            } else {
                acc.add(r.clone());
            }
            previousMatch = r[2] == 1;
        }
        return acc.reversed();
    }

    private static List<int[]> contiguous(List<int[]> runs) {
        List<int[]> acc = new ArrayList<>();
        boolean previousMatch = false;
        for (int[] r : runs) {
            if ((r[2] == 1) == previousMatch && !acc.isEmpty()) {
                acc.getLast()[1] = r[1];
            } else {
                acc.add(r.clone());
            }
            previousMatch = r[2] == 1;
        }
        return acc;
    }
}
