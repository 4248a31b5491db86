package dev.janus.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HF {@code models::bpe::BPE} for inference: a word is split into characters (or
 * {@code <0xNN>} byte tokens with byte_fallback, or the unk token), then the adjacent pair with
 * the lowest merge rank is merged repeatedly, leftmost first ({@code Word::merge_all}).
 * Results are cached per word; the cache is bounded and thread-safe.
 */
final class BpeModel {

    private static final int MAX_CACHED_WORD_CHARS = 256; // as HF: long words are not cached
    private static final int CACHE_CAPACITY = 100_000;

    private final Map<String, Integer> vocab;
    /** (left id, right id) to (rank << 32 | merged id). */
    private final Map<Long, Long> merges;
    private final Integer unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] byteFallbackIds = new int[256];
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BpeModel(Map<String, Integer> vocab, Iterable<String[]> mergeList, String unkToken, boolean fuseUnk,
            boolean byteFallback, boolean ignoreMerges) {
        this.vocab = vocab;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        if (unkToken != null && !vocab.containsKey(unkToken)) {
            throw new TokenizerException("BPE unk_token " + unkToken + " is not in the vocabulary");
        }
        this.unkId = unkToken == null ? null : vocab.get(unkToken);
        this.merges = new HashMap<>();
        int rank = 0;
        for (String[] m : mergeList) {
            Integer left = vocab.get(m[0]);
            Integer right = vocab.get(m[1]);
            Integer merged = vocab.get(m[0] + m[1]);
            if (left == null || right == null || merged == null) {
                throw new TokenizerException("BPE merge '" + m[0] + " " + m[1] + "' uses a token missing from the vocabulary");
            }
            merges.put(pairKey(left, right), ((long) rank << 32) | merged);
            rank++; // a repeated pair keeps its last rank, as HF's HashMap collect does
        }
        for (int b = 0; b < 256; b++) {
            byteFallbackIds[b] = vocab.getOrDefault(String.format("<0x%02X>", b), -1);
        }
    }

    Map<String, Integer> vocab() {
        return vocab;
    }

    /** Appends the ids of one pre-tokenized word. */
    void tokenize(String word, IntList out) {
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        if (word.length() > MAX_CACHED_WORD_CHARS) {
            out.addAll(mergeWord(word));
            return;
        }
        int[] ids = cache.get(word);
        if (ids == null) {
            ids = mergeWord(word);
            if (cache.size() >= CACHE_CAPACITY) {
                cache.clear();
            }
            cache.put(word, ids);
        }
        out.addAll(ids);
    }

    private int[] mergeWord(String word) {
        IntList symbols = new IntList(word.length());
        int pendingUnk = 0; // 0 = none; HF keeps one pending unk to fuse runs
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            Integer id = vocab.get(word.substring(i, i + len));
            i += len;
            if (id != null) {
                if (pendingUnk > 0) {
                    symbols.add(unkId);
                    pendingUnk = 0;
                }
                symbols.add(id);
                continue;
            }
            if (byteFallback && addBytes(Character.toString(cp), symbols)) {
                continue; // HF does not flush a pending unk here either
            }
            if (unkId != null) {
                if (pendingUnk > 0 && !fuseUnk) {
                    symbols.add(unkId);
                }
                pendingUnk = 1;
            }
        }
        if (pendingUnk > 0) {
            symbols.add(unkId);
        }
        return mergeAll(symbols.toArray());
    }

    private boolean addBytes(String ch, IntList symbols) {
        byte[] bytes = ch.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteFallbackIds[b & 0xFF] < 0) {
                return false;
            }
        }
        for (byte b : bytes) {
            symbols.add(byteFallbackIds[b & 0xFF]);
        }
        return true;
    }

    /** {@code Word::merge_all}: a heap of candidate merges (rank, then position) over a linked list. */
    private int[] mergeAll(int[] ids) {
        int n = ids.length;
        if (n < 2) {
            return ids;
        }
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] dead = new boolean[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // entries: rank << 32 | pos, with the expected merged id alongside
        PriorityQueue<long[]> queue = new PriorityQueue<>(n, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i + 1 < n; i++) {
            push(queue, ids[i], ids[i + 1], i);
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int pos = (int) top[0];
            if (dead[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            Long merge = merges.get(pairKey(ids[pos], ids[right]));
            if (merge == null || (int) (long) merge != (int) top[1]) {
                continue; // stale entry: the pair changed since it was queued
            }
            ids[pos] = (int) top[1];
            dead[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = pos;
            }
            if (prev[pos] >= 0) {
                push(queue, ids[prev[pos]], ids[pos], prev[pos]);
            }
            if (next[pos] >= 0) {
                push(queue, ids[pos], ids[next[pos]], pos);
            }
        }
        IntList out = new IntList(n);
        for (int i = 0; i >= 0; i = next[i]) {
            out.add(ids[i]);
        }
        return out.toArray();
    }

    private void push(PriorityQueue<long[]> queue, int left, int right, int pos) {
        Long merge = merges.get(pairKey(left, right));
        if (merge != null) {
            long rank = merge >>> 32;
            queue.add(new long[] {(rank << 32) | pos, merge & 0xFFFFFFFFL});
        }
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
