package dev.janus.attention.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulerPropertiesTest {

    private static SchedulerProperties props(int kvCacheTokens) {
        return new SchedulerProperties(64, 256, 512, 256, 16, kvCacheTokens, 0.25, 0);
    }

    @Test
    void explicitTokensAreRoundedUpToBlocks() {
        assertThat(props(100).kvBlocks(4096, 2048, 1L << 30)).isEqualTo(7);
    }

    @Test
    void unsetTokensTakeAQuarterOfTheHeapAtMostMaxRunningContexts() {
        // 1 GiB heap, 4 KiB per token: 256 MiB = 65536 tokens = 4096 blocks
        assertThat(props(0).kvBlocks(4096, 1 << 20, 1L << 30)).isEqualTo(4096);
        // a short context caps it: 64 sequences x 128 positions = 8192 tokens
        assertThat(props(0).kvBlocks(4096, 128, 1L << 30)).isEqualTo(512);
    }

    @Test
    void nonsenseIsRefusedAtStartup() {
        assertThatThrownBy(() -> new SchedulerProperties(0, 1, 1, 1, 16, 0, 0.25, 0)).hasMessageContaining("max-running");
        assertThatThrownBy(() -> new SchedulerProperties(64, 1, 32, 1, 16, 0, 0.25, 0)).hasMessageContaining("max-step-tokens");
        assertThatThrownBy(() -> new SchedulerProperties(1, 1, 1, 1, 16, 8, 0.25, 0)).hasMessageContaining("kv-cache-tokens");
        assertThatThrownBy(() -> new SchedulerProperties(1, 1, 1, 1, 16, 0, 2, 0)).hasMessageContaining("kv-heap-fraction");
    }
}
