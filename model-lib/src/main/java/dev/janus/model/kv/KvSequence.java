package dev.janus.model.kv;

import java.util.Arrays;

/**
 * One sequence's view of the {@link KvCache}: its block table and how many positions are
 * cached. Positions {@code [0, length)} hold keys/values; a forward step reserves room for
 * its new tokens with {@link #reserve(int)} and commits them with {@link #advance(int)}.
 */
public final class KvSequence implements AutoCloseable {

    private final KvCache cache;
    private int[] blocks = new int[4];
    private int blockCount;
    private int length;

    KvSequence(KvCache cache) {
        this.cache = cache;
    }

    /** Cached positions. */
    public int length() {
        return length;
    }

    /** Makes sure positions {@code [0, length + extra)} have blocks. */
    public void reserve(int extra) {
        int needed = cache.blocksFor(length + extra);
        while (blockCount < needed) {
            if (blockCount == blocks.length) {
                blocks = Arrays.copyOf(blocks, blocks.length * 2);
            }
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

    /** Forgets positions from {@code newLength} on (e.g. to recompute); keeps the blocks. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("truncate to " + newLength + " of " + length);
        }
        length = newLength;
    }

    public float[] keyBlock(int layer, int position) {
        return cache.keyBlock(layer, blocks[position / cache.blockSize()]);
    }

    public float[] valueBlock(int layer, int position) {
        return cache.valueBlock(layer, blocks[position / cache.blockSize()]);
    }

    /** Offset of {@code position}'s row inside its block array. */
    public int offsetInBlock(int position) {
        return (position % cache.blockSize()) * cache.kvDim();
    }

    /** Returns every block to the cache. Idempotent. */
    @Override
    public void close() {
        for (int i = 0; i < blockCount; i++) {
            cache.freeBlock(blocks[i]);
        }
        blockCount = 0;
        length = 0;
    }
}
