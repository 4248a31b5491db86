package dev.janus.cuda;

import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvCache;
import dev.janus.model.kv.KvSequence;

/**
 * The host side of one step of device attention, in the layout attention.cu and
 * scatter_rows_f32 read (no CUDA here, so it is tested on any machine): per token its position,
 * the row its new K/V goes to in a layer's device pool ({@code block * blockSize + pos % blockSize},
 * the host cache's block ids), its block table ({@code [tokens, maxBlocks]}, row-major), and the
 * step's new rows gathered from the host cache. Arrays grow and are reused: no allocation once warm.
 */
final class PagedStep {

    int tokens;
    int width;       // floats per cached row (the cache's kvDim)
    int blockSize;
    int maxBlocks;   // table columns: blocks of the longest context in the step
    int maxContext;  // positions the longest attention of the step covers (shared-memory scores)
    int[] positions = new int[0];
    int[] rowIndex = new int[0];
    int[] tables = new int[0];
    float[] rows = new float[0]; // [tokens, width]: the step's new key or value rows

    /** Positions, pool rows and block tables of {@code batch}'s tokens ({@code window} 0 = none). */
    void prepare(StepBatch batch, KvCache cache, int window) {
        tokens = batch.tokens();
        width = cache.kvDim();
        blockSize = cache.blockSize();
        if (positions.length < tokens) {
            positions = new int[Math.max(tokens, 2 * positions.length)];
            rowIndex = new int[positions.length];
        }
        if (rows.length < tokens * width) {
            rows = new float[Math.max(tokens * width, 2 * rows.length)];
        }
        maxBlocks = 0;
        maxContext = 0;
        for (int t = 0; t < tokens; t++) {
            int pos = batch.position(t);
            positions[t] = pos;
            rowIndex[t] = batch.sequenceOfToken(t).blockId(pos) * blockSize + pos % blockSize;
            maxBlocks = Math.max(maxBlocks, pos / blockSize + 1);
            maxContext = Math.max(maxContext, window > 0 ? Math.min(window, pos + 1) : pos + 1);
        }
        if (tables.length < tokens * maxBlocks) {
            tables = new int[Math.max(tokens * maxBlocks, 2 * tables.length)];
        }
        for (int t = 0; t < tokens; t++) {
            KvSequence seq = batch.sequenceOfToken(t);
            for (int b = 0; b <= positions[t] / blockSize; b++) {
                tables[t * maxBlocks + b] = seq.blockId(b * blockSize);
            }
        }
    }

    /** {@link #rows} = the step's new key (or value) rows of {@code layer}, read from the host cache. */
    void gatherNewRows(StepBatch batch, int layer, boolean keys) {
        for (int t = 0; t < tokens; t++) {
            KvSequence seq = batch.sequenceOfToken(t);
            int pos = positions[t];
            float[] block = keys ? seq.keyBlock(layer, pos) : seq.valueBlock(layer, pos);
            System.arraycopy(block, seq.offsetInBlock(pos), rows, t * width, width);
        }
    }
}
