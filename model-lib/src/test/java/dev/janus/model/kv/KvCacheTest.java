package dev.janus.model.kv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvCacheTest {

    @Test
    void blocksAreReservedPerBlockSizeAndReturnedOnClose() {
        KvCache cache = new KvCache(2, 8, 4, 5);
        KvSequence a = cache.newSequence();
        a.reserve(9); // 3 blocks of 4
        assertThat(cache.freeBlocks()).isEqualTo(2);
        a.advance(9);
        a.reserve(3); // positions 9..11 fit in block 3
        assertThat(cache.freeBlocks()).isEqualTo(2);
        a.close();
        a.close(); // idempotent
        assertThat(cache.freeBlocks()).isEqualTo(5);
    }

    @Test
    void aFailedReserveKeepsTheBlocksItGotAndNothingElse() {
        KvCache cache = new KvCache(1, 8, 4, 2);
        KvSequence a = cache.newSequence();
        assertThatThrownBy(() -> a.reserve(12)).isInstanceOf(KvCacheFullException.class);
        assertThat(cache.freeBlocks()).isZero();
        a.close(); // returns exactly the two blocks it holds
        assertThat(cache.freeBlocks()).isEqualTo(2);
        KvSequence b = cache.newSequence();
        b.reserve(8);
        assertThat(cache.freeBlocks()).isZero();
    }

    @Test
    void positionsMapToTheirBlockRows() {
        KvCache cache = new KvCache(1, 2, 4, 3);
        KvSequence s = cache.newSequence();
        s.reserve(6);
        s.keyBlock(0, 5)[s.offsetInBlock(5)] = 42f;
        assertThat(s.offsetInBlock(5)).isEqualTo(2);
        assertThat(s.keyBlock(0, 5)).isNotSameAs(s.keyBlock(0, 3));
        assertThat(s.keyBlock(0, 4)[2]).isEqualTo(42f);
    }
}
