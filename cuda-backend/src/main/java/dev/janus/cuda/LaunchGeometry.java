package dev.janus.cuda;

/**
 * Grid and block sizes of every kernel launch, and the host-side tiling of the grouped GEMM, as
 * pure functions (tested without a GPU). The constants mirror the #defines of src/main/cuda.
 */
public final class LaunchGeometry {

    /** gemv.cu GEMV_MAX_TOKENS: tokens one GEMV launch serves (per-token accumulators in registers). */
    public static final int GEMV_MAX_TOKENS = 8;
    /** gemv.cu GEMV_ROWS_PER_BLOCK: one warp per row. */
    public static final int GEMV_ROWS_PER_BLOCK = 8;
    public static final int GEMV_THREADS = 32 * GEMV_ROWS_PER_BLOCK;
    /** gemm.cu TILE_M / TILE_N: rows and columns of Y per block of 4 warps. */
    public static final int TILE_M = 64;
    public static final int TILE_N = 64;
    public static final int GEMM_THREADS = 128;
    public static final int ELEMENTWISE_THREADS = 256;
    /** Grid-stride loops need no more blocks than fill the device (132 SMs x 16 on an H100). */
    public static final int ELEMENTWISE_MAX_BLOCKS = 4096;
    public static final int ROUTER_TOKENS_PER_BLOCK = 4;
    public static final int ATTENTION_THREADS = 128;
    /** Dynamic shared memory a block may opt into on sm_90 (227 KiB). */
    public static final int MAX_DYNAMIC_SHARED_BYTES = 227 * 1024;
    /** Above the default 48 KiB a kernel must opt in (cuFuncSetAttribute). */
    public static final int DEFAULT_SHARED_BYTES = 48 * 1024;
    /** router.cu keeps a 64-bit taken mask per lane, 32 experts a bit. */
    public static final int ROUTER_MAX_EXPERTS = 64 * 32;

    private LaunchGeometry() {
    }

    public static int ceilDiv(long a, int b) {
        return (int) ((a + b - 1) / b);
    }

    /** GEMV blocks for {@code rows} output rows. */
    public static int gemvBlocks(int rows) {
        return ceilDiv(rows, GEMV_ROWS_PER_BLOCK);
    }

    /** Blocks of a plain GEMM {@code [m, k] x [n, k]^T}: {x = column tiles, y = row tiles}. */
    public static int[] gemmGrid(int m, int n) {
        return new int[] {ceilDiv(n, TILE_N), ceilDiv(m, TILE_M)};
    }

    /** Blocks of a grid-stride elementwise kernel over {@code n} elements. */
    public static int elementwiseBlocks(long n) {
        return Math.max(1, Math.min(ELEMENTWISE_MAX_BLOCKS, ceilDiv(n, ELEMENTWISE_THREADS)));
    }

    public static int routerBlocks(int tokens) {
        return ceilDiv(tokens, ROUTER_TOKENS_PER_BLOCK);
    }

    /**
     * Dynamic shared memory of paged_attention: one float score per attended position.
     * @throws IllegalArgumentException past what a block can hold (58,112 positions on sm_90)
     */
    public static int attentionSharedBytes(int maxContext) {
        long bytes = 4L * Math.max(1, maxContext);
        if (bytes > MAX_DYNAMIC_SHARED_BYTES) {
            throw new IllegalArgumentException("attention over " + maxContext + " positions needs " + bytes
                    + " bytes of shared memory, more than a block's " + MAX_DYNAMIC_SHARED_BYTES);
        }
        return (int) bytes;
    }

    /**
     * Cuts each group's rows into tiles of at most {@link #TILE_M} rows, for grouped_gemm_bf16:
     * tile i covers rows {@code [tileRow[i], min(tileRow[i] + 64, rowStart[tileGroup[i] + 1]))}.
     * Empty groups get no tile. Example (a test): rowStart {0, 3, 3, 133} gives tiles
     * (group 0, row 0), (group 2, row 3), (group 2, row 67): 3 row tiles instead of one per expert.
     *
     * @param rowStart  {@code [groups + 1]} each group's first row, ascending
     * @param tileGroup receives each tile's group
     * @param tileRow   receives each tile's first row
     * @return the number of tiles
     */
    public static int rowTiles(int[] rowStart, int groups, int[] tileGroup, int[] tileRow) {
        int tiles = 0;
        for (int g = 0; g < groups; g++) {
            for (int r = rowStart[g]; r < rowStart[g + 1]; r += TILE_M) {
                tileGroup[tiles] = g;
                tileRow[tiles] = r;
                tiles++;
            }
        }
        return tiles;
    }

    /** Upper bound of {@link #rowTiles} for {@code rows} rows in {@code groups} groups. */
    public static int maxRowTiles(int rows, int groups) {
        return ceilDiv(rows, TILE_M) + groups;
    }
}
