package dev.janus.model.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HF {@code AddedVocabulary}: tokens matched as whole strings before BPE. Tokens with
 * {@code normalized=false} are cut out of the raw text; the rest of the text is then normalized
 * and tokens with {@code normalized=true} (their content normalized too) are cut out of that.
 * Matching is leftmost-longest and non-overlapping, like HF's Aho-Corasick automaton.
 */
final class AddedVocabulary {

    record AddedToken(int id, String content, boolean special, boolean normalized,
            boolean lstrip, boolean rstrip, boolean singleWord) {
    }

    /** A piece of input: an added token ({@code id >= 0}) or text to tokenize ({@code id == -1}). */
    record Segment(int id, String text, boolean atStart) {
    }

    private final List<AddedToken> tokens;
    private final Map<Character, List<Candidate>> raw = new HashMap<>();
    private final Map<Character, List<Candidate>> normalizedForm = new HashMap<>();

    private record Candidate(String match, AddedToken token) {
    }

    AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer) {
        this.tokens = List.copyOf(tokens);
        for (AddedToken t : tokens) {
            if (t.content().isEmpty()) {
                continue;
            }
            String match = t.normalized() && normalizer != null ? normalizer.normalize(t.content()) : t.content();
            Map<Character, List<Candidate>> index = t.normalized() ? normalizedForm : raw;
            index.computeIfAbsent(match.charAt(0), c -> new ArrayList<>()).add(new Candidate(match, t));
        }
        Comparator<Candidate> longestFirst = Comparator.comparingInt((Candidate c) -> c.match().length()).reversed();
        raw.values().forEach(l -> l.sort(longestFirst));
        normalizedForm.values().forEach(l -> l.sort(longestFirst));
    }

    List<AddedToken> tokens() {
        return tokens;
    }

    /** Splits the raw input on non-normalized added tokens. */
    List<Segment> splitRaw(String text) {
        return split(text, true, raw);
    }

    /** Splits an already normalized piece on normalized added tokens. */
    List<Segment> splitNormalized(String text, boolean atStart) {
        return split(text, atStart, normalizedForm);
    }

    private static List<Segment> split(String text, boolean atStart, Map<Character, List<Candidate>> index) {
        List<Segment> out = new ArrayList<>();
        if (index.isEmpty()) {
            if (!text.isEmpty()) {
                out.add(new Segment(-1, text, atStart));
            }
            return out;
        }
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            Candidate hit = longestAt(text, i, index);
            if (hit == null) {
                i++;
                continue;
            }
            int start = i;
            int stop = i + hit.match().length();
            AddedToken t = hit.token();
            if (t.singleWord() && !isWordBoundary(text, start, stop)) {
                i = stop; // HF skips the match; the automaton resumes after it
                continue;
            }
            if (t.lstrip()) {
                while (start > textStart && Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (t.rstrip()) {
                while (stop < text.length() && Character.isWhitespace(text.charAt(stop))) {
                    stop++;
                }
            }
            if (start > textStart) {
                out.add(new Segment(-1, text.substring(textStart, start), atStart && textStart == 0));
            }
            out.add(new Segment(t.id(), text.substring(start, stop), false));
            textStart = stop;
            i = stop;
        }
        if (textStart < text.length()) {
            out.add(new Segment(-1, text.substring(textStart), atStart && textStart == 0));
        }
        return out;
    }

    private static Candidate longestAt(String text, int i, Map<Character, List<Candidate>> index) {
        List<Candidate> candidates = index.get(text.charAt(i));
        if (candidates != null) {
            for (Candidate c : candidates) {
                if (text.startsWith(c.match(), i)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** HF single_word: no word character (alphanumeric or '_') right before or after the match. */
    private static boolean isWordBoundary(String text, int start, int stop) {
        boolean before = start == 0 || !isWordChar(text.codePointBefore(start));
        boolean after = stop == text.length() || !isWordChar(text.codePointAt(stop));
        return before && after;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }
}
