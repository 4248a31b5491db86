package dev.janus.model.kv;

/**
 * Paged key/value cache (vLLM-style blocks): storage is a pool of fixed-size blocks per layer;
 * each {@link KvSequence} owns a block table mapping its positions to blocks. Keys and values
 * are float32 rows of width {@code kvDim} = kv_heads × head_dim, stored after RoPE.
 *
 * <p>Not thread-safe for allocation/free; concurrent reads and writes of distinct positions
 * during a forward step are fine.
 */
public final class KvCache {

    private final int layers;
    private final int kvDim;
    private final int blockSize;
    // [layer][block] -> [blockSize * kvDim]
    private final float[][][] keys;
    private final float[][][] values;
    private final int[] freeBlocks;
    private int freeCount;

    public KvCache(int layers, int kvDim, int blockSize, int numBlocks) {
        if (layers <= 0 || kvDim <= 0 || blockSize <= 0 || numBlocks <= 0) {
            throw new IllegalArgumentException("KvCache needs positive layers, kvDim, blockSize and numBlocks");
        }
        this.layers = layers;
        this.kvDim = kvDim;
        this.blockSize = blockSize;
        this.keys = new float[layers][numBlocks][];
        this.values = new float[layers][numBlocks][];
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

    /** Bytes of K and V per cached token over all layers. */
    public long bytesPerToken() {
        return 2L * layers * kvDim * Float.BYTES;
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
                values[l][b] = new float[blockSize * kvDim];
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
        return values[layer][block];
    }
}
