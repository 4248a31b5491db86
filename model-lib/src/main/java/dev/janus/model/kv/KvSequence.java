package dev.janus.model.kv;

import java.util.Arrays;

/**
 * One sequence's view of the {@link KvCache}: its block table and how many positions are
 * cached. Positions {@code [0, length)} hold keys/values; a forward step reserves room for
 * its new tokens with {@link #reserve(int)} and commits them with {@link #advance(int)}.
 *
 * <p>Prefix caching: a new sequence may start from cached blocks ({@link #attachPrefix}), and
 * offers its own full blocks to later sequences with {@link #indexFullBlocks}. Its first
 * {@code indexed} blocks are shared and read-only; it writes only at positions after them.
 */
public final class KvSequence implements AutoCloseable {

    private final KvCache cache;
    private int[] blocks = new int[4];
    private int blockCount;
    private int length;
    private int indexed; // blocks [0, indexed) are in the cache's content index

    KvSequence(KvCache cache) {
        this.cache = cache;
    }

    /** Cached positions. */
    public int length() {
        return length;
    }

    /** Blocks in this sequence's table. */
    public int blocks() {
        return blockCount;
    }

    /** Blocks no other sequence holds: what closing this sequence would give back. */
    public int exclusiveBlocks() {
        int n = 0;
        for (int i = 0; i < blockCount; i++) {
            if (cache.refCount(blocks[i]) == 1) {
                n++;
            }
        }
        return n;
    }

    /**
     * Starts this (empty) sequence from cached blocks: positions {@code [0, hit.tokens())} are
     * cached from now on, and the blocks are held until {@link #close()}. The hit must come from
     * {@link KvCache#findPrefix} with no allocation since (one could have recycled its blocks).
     */
    public void attachPrefix(PrefixHit hit) {
        if (blockCount != 0 || length != 0) {
            throw new IllegalStateException("a prefix can only be attached to an empty sequence");
        }
        grow(hit.blockCount());
        long parent = 0;
        for (int b : hit.blocks()) {
            if (!cache.holds(b, parent)) {
                throw new IllegalStateException("the prefix hit is stale: block " + b + " was recycled");
            }
            cache.acquire(b);
            blocks[blockCount++] = b;
            parent = cache.contentId(b);
        }
        indexed = blockCount;
        length = hit.tokens();
    }

    /**
     * Indexes every full block of cached positions not indexed yet, {@code tokens} being this
     * sequence's tokens from position 0. A block whose content is already cached (another
     * sequence computed the same prefix at the same time) is swapped for the cached one, so
     * that one copy is kept and later blocks chain onto the indexed prefix.
     */
    public void indexFullBlocks(int[] tokens) {
        int size = cache.blockSize();
        while ((indexed + 1) * size <= length) {
            long parent = indexed == 0 ? 0 : cache.contentId(blocks[indexed - 1]);
            int mine = blocks[indexed];
            int holder = cache.index(parent, tokens, indexed * size, mine);
            if (holder != mine) {
                cache.acquire(holder);
                cache.release(mine);
                blocks[indexed] = holder;
            }
            indexed++;
        }
    }

    /** Makes sure positions {@code [0, length + extra)} have blocks. */
    public void reserve(int extra) {
        int needed = cache.blocksFor(length + extra);
        while (blockCount < needed) {
            grow(blockCount + 1);
            int block = cache.allocateBlock(); // may throw KvCacheFullException: count only what we got
            blocks[blockCount++] = block;
        }
    }

    /** Marks {@code n} more positions as cached (after a forward step wrote them). */
    public void advance(int n) {
        if (cache.blocksFor(length + n) > blockCount) {
            throw new IllegalStateException("advance past reserved blocks");
        }
        length += n;
    }

    /**
     * Forgets positions from {@code newLength} on (e.g. to recompute); keeps the blocks it may
     * write again, but gives back the shared (indexed) blocks from the one holding
     * {@code newLength} on: their content must not change.
     */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("truncate to " + newLength + " of " + length);
        }
        int keep = newLength / cache.blockSize();
        if (keep < indexed) {
            releaseFrom(keep);
            indexed = keep;
        }
        length = newLength;
    }

    public float[] keyBlock(int layer, int position) {
        return cache.keyBlock(layer, blockId(position));
    }

    public float[] valueBlock(int layer, int position) {
        return cache.valueBlock(layer, blockId(position));
    }

    /** The cache block holding {@code position}'s row (what a device mirror of the cache indexes by). */
    public int blockId(int position) {
        return blocks[position / cache.blockSize()];
    }

    /** The cache this sequence's blocks belong to. */
    public KvCache cache() {
        return cache;
    }

    /** Offset of {@code position}'s row inside its block array. */
    public int offsetInBlock(int position) {
        return (position % cache.blockSize()) * cache.kvDim();
    }

    /**
     * Returns every block to the cache. Idempotent. Last block first, so that under memory
     * pressure a cached prefix loses its tail before its head (the head is what others share).
     */
    @Override
    public void close() {
        releaseFrom(0);
        indexed = 0;
        length = 0;
    }

    private void releaseFrom(int first) {
        for (int i = blockCount - 1; i >= first; i--) {
            cache.release(blocks[i]);
        }
        blockCount = first;
    }

    private void grow(int capacity) {
        if (capacity > blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(capacity, blocks.length * 2));
        }
    }
}
