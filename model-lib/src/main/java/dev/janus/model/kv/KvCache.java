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
    private final int[] freeBlocks;
    private int freeCount;

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

    public int freeBlocks() {
        return freeCount;
    }

    public boolean hasValues() {
        return hasValues;
    }

    /** Bytes one cached token occupies over all layers (K and V rows, or the MLA latent row). */
    public long bytesPerToken() {
        return (hasValues ? 2L : 1L) * layers * kvDim * Float.BYTES;
    }

    int allocateBlock() {
        if (freeCount == 0) {
            throw new KvCacheFullException("KV cache is full: all " + freeBlocks.length + " blocks of "
                    + blockSize + " tokens are in use");
        }
        int b = freeBlocks[--freeCount];
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

    void freeBlock(int block) {
        freeBlocks[freeCount++] = block;
    }

    float[] keyBlock(int layer, int block) {
        return keys[layer][block];
    }

    float[] valueBlock(int layer, int block) {
        return hasValues ? values[layer][block] : keys[layer][block];
    }
}
