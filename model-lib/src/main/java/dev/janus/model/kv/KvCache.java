package dev.janus.model.kv;

/**
 * Paged key/value cache (vLLM-style blocks): storage is a pool of fixed-size blocks per layer;
 * each {@link KvSequence} owns a block table mapping its positions to blocks. Rows are float32 of
 * width {@code kvDim} per token and layer. Two layouts:
 * <ul>
 *   <li>GQA: a key row and a value row per token, each kv_heads × head_dim, keys after RoPE;</li>
 *   <li>MLA (DeepSeek): ONE row per token, {@code [c_kv (kv_lora_rank, after kv_a_layernorm),
 *       k_pe (qk_rope_head_dim, after RoPE)]}: the compressed latent, not per-head keys and
 *       values ({@code hasValues} false): values are decompressed from c_kv, so
 *       {@link #valueBlock} returns the latent block itself.</li>
 * </ul>
 *
 * <p>Automatic prefix caching: blocks are reference counted, and a sequence may index its full
 * blocks by content ({@link KvSequence#indexFullBlocks}) so that later sequences with the same
 * token prefix attach them instead of computing them again ({@link #findPrefix},
 * {@link KvSequence#attachPrefix}). A block whose last reference goes stays indexed and
 * reusable until an allocation needs it: unreferenced indexed blocks are recycled least
 * recently released first (LRU). A block is written only by the sequence that allocated it,
 * before it is full and indexed, so shared blocks are read-only.
 *
 * <p>Not thread-safe for allocation/free; concurrent reads and writes of distinct positions
 * during a forward step are fine.
 */
public final class KvCache {

    private final int layers;
    private final int kvDim;
    private final boolean hasValues;
    private final int blockSize;
    // [layer][block] -> [blockSize * kvDim]
    private final float[][][] keys;
    private final float[][][] values;
    private final int[] freeBlocks; // unreferenced blocks without indexed content
    private int freeCount;
    private final int[] refCount;
    private final PrefixIndex index;

    /** GQA layout: key and value rows of width {@code kvDim}. */
    public KvCache(int layers, int kvDim, int blockSize, int numBlocks) {
        this(layers, kvDim, true, blockSize, numBlocks);
    }

    /** {@code hasValues} false: one row of width {@code kvDim} per token (MLA latent). */
    public KvCache(int layers, int kvDim, boolean hasValues, int blockSize, int numBlocks) {
        if (layers <= 0 || kvDim <= 0 || blockSize <= 0 || numBlocks <= 0) {
            throw new IllegalArgumentException("KvCache needs positive layers, kvDim, blockSize and numBlocks");
        }
        this.layers = layers;
        this.kvDim = kvDim;
        this.hasValues = hasValues;
        this.blockSize = blockSize;
        this.keys = new float[layers][numBlocks][];
        this.values = hasValues ? new float[layers][numBlocks][] : null;
        this.freeBlocks = new int[numBlocks];
        for (int b = 0; b < numBlocks; b++) {
            freeBlocks[b] = numBlocks - 1 - b; // pop order 0, 1, 2, ...
        }
        this.freeCount = numBlocks;
        this.refCount = new int[numBlocks];
        this.index = new PrefixIndex(numBlocks, blockSize);
    }

    /** Blocks of {@code blockSize} tokens that {@code tokens} positions need. */
    public int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }

    public KvSequence newSequence() {
        return new KvSequence(this);
    }

    public int blockSize() {
        return blockSize;
    }

    public int kvDim() {
        return kvDim;
    }

    public int layers() {
        return layers;
    }

    public int totalBlocks() {
        return freeBlocks.length;
    }

    /**
     * Blocks an allocation can take now: those never used or released without indexed
     * content, plus unreferenced indexed blocks (their content is dropped when taken).
     */
    public int freeBlocks() {
        return freeCount + index.unreferencedBlocks();
    }

    /** Blocks whose content is indexed for reuse, referenced or not. */
    public int cachedBlocks() {
        return index.indexedBlocks();
    }

    /**
     * The longest run of indexed full blocks that starts {@code tokens} and covers at most
     * {@code maxTokens} of them (whole blocks only). Reads only: attach it with
     * {@link KvSequence#attachPrefix} before any allocation that might recycle its blocks.
     */
    public PrefixHit findPrefix(int[] tokens, int maxTokens) {
        int limit = Math.min(maxTokens, tokens.length) / blockSize;
        int[] blocks = new int[limit];
        long parent = 0;
        int n = 0;
        int unreferenced = 0;
        while (n < limit) {
            int b = index.find(parent, tokens, n * blockSize);
            if (b < 0) {
                break;
            }
            blocks[n++] = b;
            parent = index.contentId(b);
            if (refCount[b] == 0) {
                unreferenced++;
            }
        }
        return new PrefixHit(n * blockSize, java.util.Arrays.copyOf(blocks, n), parent, unreferenced);
    }

    public boolean hasValues() {
        return hasValues;
    }

    /** Bytes one cached token occupies over all layers (K and V rows, or the MLA latent row). */
    public long bytesPerToken() {
        return (hasValues ? 2L : 1L) * layers * kvDim * Float.BYTES;
    }

    int allocateBlock() {
        int b;
        if (freeCount > 0) {
            b = freeBlocks[--freeCount];
        } else if ((b = index.lruOldest()) >= 0) {
            index.lruRemove(b); // recycle the least recently released cached block
            index.remove(b);
        } else {
            throw new KvCacheFullException("KV cache is full: all " + freeBlocks.length + " blocks of "
                    + blockSize + " tokens are in use");
        }
        refCount[b] = 1;
        for (int l = 0; l < layers; l++) {
            if (keys[l][b] == null) { // storage is allocated on first use, then reused
                keys[l][b] = new float[blockSize * kvDim];
                if (hasValues) {
                    values[l][b] = new float[blockSize * kvDim];
                }
            }
        }
        return b;
    }

    /** Drops one reference; an unreferenced block stays reusable if indexed, else is free. */
    void release(int block) {
        if (refCount[block] <= 0) {
            throw new IllegalStateException("block " + block + " released more often than referenced");
        }
        if (--refCount[block] == 0) {
            if (index.isIndexed(block)) {
                index.lruAppend(block);
            } else {
                freeBlocks[freeCount++] = block;
            }
        }
    }

    /** Adds a reference to an indexed block (a prefix hit). */
    void acquire(int block) {
        if (!index.isIndexed(block)) {
            throw new IllegalStateException("block " + block + " is not cached");
        }
        if (refCount[block]++ == 0) {
            index.lruRemove(block);
        }
    }

    int refCount(int block) {
        return refCount[block];
    }

    /**
     * Indexes full block {@code block}, holding {@code tokens[from, from + blockSize)} after the
     * prefix {@code parent}. Returns the block that holds this content from now on: {@code block},
     * or an already indexed block with the same content (then the caller should use that one and
     * release its own, which stays unindexed).
     */
    int index(long parent, int[] tokens, int from, int block) {
        int existing = index.find(parent, tokens, from);
        if (existing >= 0) {
            return existing;
        }
        index.add(parent, tokens, from, block);
        return block;
    }

    /** Whether {@code block} is indexed as a child of the prefix {@code parent}. */
    boolean holds(int block, long parent) {
        return index.isIndexed(block) && index.parentOf(block) == parent;
    }

    long contentId(int block) {
        return index.contentId(block);
    }

    float[] keyBlock(int layer, int block) {
        return keys[layer][block];
    }

    float[] valueBlock(int layer, int block) {
        return hasValues ? values[layer][block] : keys[layer][block];
    }
}
