package dev.janus.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classic BPE training (Sennrich et al.; HF {@code BpeTrainer} without its options): repeatedly
 * merge the most frequent adjacent symbol pair over a weighted word list. Deterministic: ties in
 * frequency are broken by a seeded hash of the pair's strings, then lexicographically.
 */
final class BpeTrainer {

    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();

    /**
     * @param words     word (already mapped to vocabulary characters) to its count in the corpus
     * @param maxMerges stop after this many merges (or earlier, when no pair is left)
     * @return merges in rank order, each {left, right}
     */
    static List<String[]> learn(Map<String, Integer> words, int maxMerges, long seed) {
        return new BpeTrainer().run(words, maxMerges, seed);
    }

    private List<String[]> run(Map<String, Integer> wordCounts, int maxMerges, long seed) {
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        wordCounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            words.add(e.getKey().codePoints().map(cp -> symbol(Character.toString(cp))).toArray());
            counts.add(e.getValue());
        });
        List<String[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<Long, Integer> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] word = words.get(w);
                for (int i = 0; i + 1 < word.length; i++) {
                    pairCounts.merge(pairKey(word[i], word[i + 1]), counts.get(w), Integer::sum);
                }
            }
            long best = -1;
            int bestCount = 0;
            long bestTie = 0;
            for (Map.Entry<Long, Integer> e : pairCounts.entrySet()) {
                long key = e.getKey();
                int count = e.getValue();
                long tie = tieBreak(key, seed);
                if (count > bestCount || (count == bestCount && (tie < bestTie
                        || (tie == bestTie && pairString(key).compareTo(pairString(best)) < 0)))) {
                    best = key;
                    bestCount = count;
                    bestTie = tie;
                }
            }
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int merged = symbol(symbols.get(left) + symbols.get(right));
            merges.add(new String[] {symbols.get(left), symbols.get(right)});
            for (int w = 0; w < words.size(); w++) {
                words.set(w, applyMerge(words.get(w), left, right, merged));
            }
        }
        return merges;
    }

    private static int[] applyMerge(int[] word, int left, int right, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return n == word.length ? word : java.util.Arrays.copyOf(out, n);
    }

    private int symbol(String s) {
        return symbolIds.computeIfAbsent(s, k -> {
            symbols.add(k);
            return symbols.size() - 1;
        });
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private String pairString(long key) {
        return symbols.get((int) (key >>> 32)) + " " + symbols.get((int) key);
    }

    /** SplitMix64 of the pair's string hash and the seed: stable across JVMs (String.hashCode is specified). */
    private long tieBreak(long key, long seed) {
        long z = pairString(key).hashCode() * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
