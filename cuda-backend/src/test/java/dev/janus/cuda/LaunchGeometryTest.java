package dev.janus.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchGeometryTest {

    @Test
    void rowTilesWorkedExample() { // LaunchGeometry.rowTiles's doc comment
        int[] group = new int[8];
        int[] row = new int[8];
        int tiles = LaunchGeometry.rowTiles(new int[] {0, 3, 3, 133}, 3, group, row);
        assertThat(tiles).isEqualTo(4);
        assertThat(group).startsWith(0, 2, 2, 2);
        assertThat(row).startsWith(0, 3, 67, 131);
    }

    @Test
    void rowTilesCoverEveryRowOnceWithinItsGroup() {
        int[] rowStart = {0, 1, 65, 65, 200, 4096};
        int groups = rowStart.length - 1;
        int[] group = new int[LaunchGeometry.maxRowTiles(4096, groups)];
        int[] row = new int[group.length];
        int tiles = LaunchGeometry.rowTiles(rowStart, groups, group, row);
        int[] covered = new int[4096];
        for (int i = 0; i < tiles; i++) {
            int end = Math.min(row[i] + LaunchGeometry.TILE_M, rowStart[group[i] + 1]);
            assertThat(row[i]).isGreaterThanOrEqualTo(rowStart[group[i]]).isLessThan(end);
            for (int r = row[i]; r < end; r++) {
                covered[r]++;
            }
        }
        assertThat(covered).containsOnly(1);
        assertThat(tiles).isLessThanOrEqualTo(LaunchGeometry.maxRowTiles(4096, groups));
    }

    @Test
    void gridsCoverTheirShapes() {
        assertThat(LaunchGeometry.gemvBlocks(1)).isEqualTo(1);
        assertThat(LaunchGeometry.gemvBlocks(14336)).isEqualTo(1792);   // Mixtral-8x7B w1 rows, 8 a block
        assertThat(LaunchGeometry.gemvBlocks(14337)).isEqualTo(1793);
        assertThat(LaunchGeometry.gemmGrid(4096, 14336)).containsExactly(224, 64);
        assertThat(LaunchGeometry.gemmGrid(1, 1)).containsExactly(1, 1);
        assertThat(LaunchGeometry.elementwiseBlocks(1)).isEqualTo(1);
        assertThat(LaunchGeometry.elementwiseBlocks(1000)).isEqualTo(4);
        assertThat(LaunchGeometry.elementwiseBlocks(1L << 34)).isEqualTo(LaunchGeometry.ELEMENTWISE_MAX_BLOCKS);
        assertThat(LaunchGeometry.routerBlocks(4096)).isEqualTo(1024);
        assertThat(LaunchGeometry.routerBlocks(5)).isEqualTo(2);
    }

    @Test
    void attentionSharedMemoryHasALimit() {
        assertThat(LaunchGeometry.attentionSharedBytes(4096)).isEqualTo(16384);
        assertThat(LaunchGeometry.attentionSharedBytes(58112)).isEqualTo(LaunchGeometry.MAX_DYNAMIC_SHARED_BYTES);
        assertThatThrownBy(() -> LaunchGeometry.attentionSharedBytes(58113))
                .hasMessageContaining("58113 positions");
    }

    @Test
    void constantsMatchTheCudaSources() throws Exception {
        Path src = Path.of(System.getProperty("janus.cuda.sources", "src/main/cuda"));
        assertThat(Files.readString(src.resolve("gemv.cu")))
                .contains("#define GEMV_MAX_TOKENS " + LaunchGeometry.GEMV_MAX_TOKENS)
                .contains("#define GEMV_ROWS_PER_BLOCK " + LaunchGeometry.GEMV_ROWS_PER_BLOCK);
        assertThat(Files.readString(src.resolve("gemm.cu")))
                .contains("#define TILE_M " + LaunchGeometry.TILE_M)
                .contains("#define TILE_N " + LaunchGeometry.TILE_N)
                .contains("__launch_bounds__(" + LaunchGeometry.GEMM_THREADS + ")");
        assertThat(Files.readString(src.resolve("attention.cu")))
                .contains("__launch_bounds__(" + LaunchGeometry.ATTENTION_THREADS + ")");
    }
}
