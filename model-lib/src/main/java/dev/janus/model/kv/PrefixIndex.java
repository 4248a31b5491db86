package dev.janus.model.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The content index of automatic prefix caching (vLLM APC): a full block is found by the
 * pair (id of its parent block's content, its own token ids). Ids are handed out once and never
 * reused, so an id names one exact token prefix: two blocks match only if their whole prefixes
 * are equal, with no hash collisions to fear (vLLM hashes because its keys cross processes;
 * ours stay in one). Id 0 is the empty prefix. The KV content of a block depends on nothing but
 * its prefix's tokens and positions (one cache per model; no adapters or images), so the
 * tokens are the whole key.
 *
 * <p>Also keeps the unreferenced indexed blocks in least-recently-released order (an
 * intrusive doubly linked list over block numbers, O(1) per operation, no allocation): they
 * still hold reusable content but are the first to be recycled under memory pressure.
 */
final class PrefixIndex {

    /** Parent content id and the block's tokens; equality is exact. */
    private record Key(long parent, int[] tokens) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.parent == parent && Arrays.equals(k.tokens, tokens);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(parent) * 31 + Arrays.hashCode(tokens);
        }
    }

    private final int blockSize;
    private final Map<Key, Integer> blockOf = new HashMap<>();
    private final Key[] keyOf;      // null: block not indexed
    private final long[] contentId; // valid where keyOf != null
    private long nextId = 1;
    // LRU of unreferenced indexed blocks; node `size` is the sentinel
    private final int[] prev;
    private final int[] next;
    private int lruSize;

    PrefixIndex(int blocks, int blockSize) {
        this.blockSize = blockSize;
        this.keyOf = new Key[blocks];
        this.contentId = new long[blocks];
        this.prev = new int[blocks + 1];
        this.next = new int[blocks + 1];
        prev[blocks] = blocks;
        next[blocks] = blocks;
    }

    /** The block holding (parent, tokens[from, from + blockSize)), or -1. */
    int find(long parent, int[] tokens, int from) {
        Integer b = blockOf.get(new Key(parent, Arrays.copyOfRange(tokens, from, from + blockSize)));
        return b == null ? -1 : b;
    }

    boolean isIndexed(int block) {
        return keyOf[block] != null;
    }

    long parentOf(int block) {
        return keyOf[block].parent();
    }

    long contentId(int block) {
        return contentId[block];
    }

    /** Indexes {@code block} as (parent, tokens[from, from + blockSize)); the caller checked it is absent. */
    long add(long parent, int[] tokens, int from, int block) {
        Key key = new Key(parent, Arrays.copyOfRange(tokens, from, from + blockSize));
        if (blockOf.putIfAbsent(key, block) != null) {
            throw new IllegalStateException("block content is already indexed");
        }
        keyOf[block] = key;
        contentId[block] = nextId++;
        return contentId[block];
    }

    /** Forgets {@code block}'s content (it is about to be overwritten). */
    void remove(int block) {
        blockOf.remove(keyOf[block]);
        keyOf[block] = null;
    }

    int indexedBlocks() {
        return blockOf.size();
    }

    int unreferencedBlocks() {
        return lruSize;
    }

    /** Appends as the most recently released. */
    void lruAppend(int block) {
        int sentinel = keyOf.length;
        int last = prev[sentinel];
        next[last] = block;
        prev[block] = last;
        next[block] = sentinel;
        prev[sentinel] = block;
        lruSize++;
    }

    void lruRemove(int block) {
        next[prev[block]] = next[block];
        prev[next[block]] = prev[block];
        lruSize--;
    }

    /** The least recently released unreferenced block, or -1. */
    int lruOldest() {
        int sentinel = keyOf.length;
        return lruSize == 0 ? -1 : next[sentinel];
    }
}
