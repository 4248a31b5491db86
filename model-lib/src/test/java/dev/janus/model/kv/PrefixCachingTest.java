package dev.janus.model.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reference counting, content lookup and LRU recycling of cached blocks (block size 4). */
class PrefixCachingTest {

    private static final int[] TOKENS = IntStream.range(100, 120).toArray();

    /** A sequence that "computed" {@code n} tokens of {@code tokens} and indexed its full blocks. */
    private static KvSequence computed(KvCache cache, int[] tokens, int n) {
        KvSequence s = cache.newSequence();
        s.reserve(n);
        s.advance(n);
        s.indexFullBlocks(tokens);
        return s;
    }

    @Test
    void aReleasedPrefixIsFoundAttachedAndCountedOnce() {
        KvCache cache = new KvCache(1, 2, 4, 8);
        computed(cache, TOKENS, 10).close(); // blocks 0, 1 full and indexed; block 2 partial, freed
        assertThat(cache.cachedBlocks()).isEqualTo(2);
        assertThat(cache.freeBlocks()).isEqualTo(8); // cached but unreferenced blocks are allocatable

        PrefixHit hit = cache.findPrefix(TOKENS, 19);
        assertThat(hit.tokens()).isEqualTo(8);
        assertThat(hit.unreferencedBlocks()).isEqualTo(2);
        KvSequence b = cache.newSequence();
        b.attachPrefix(hit);
        assertThat(b.length()).isEqualTo(8);
        assertThat(cache.freeBlocks()).isEqualTo(6);

        PrefixHit shared = cache.findPrefix(TOKENS, 19);
        assertThat(shared.unreferencedBlocks()).isZero(); // held by b: attaching costs nothing
        KvSequence c = cache.newSequence();
        c.attachPrefix(shared);
        assertThat(c.exclusiveBlocks()).isZero();
        assertThat(cache.freeBlocks()).isEqualTo(6);
        b.close();
        assertThat(c.exclusiveBlocks()).isEqualTo(2);
        c.close();
        assertThat(cache.freeBlocks()).isEqualTo(8);
        assertThat(cache.cachedBlocks()).isEqualTo(2);
    }

    @Test
    void aHitIsWholeBlocksOfAnEqualPrefixOnly() {
        KvCache cache = new KvCache(1, 2, 4, 8);
        KvSequence a = computed(cache, TOKENS, 12);
        assertThat(cache.findPrefix(TOKENS, 11).tokens()).as("capped below the last token").isEqualTo(8);
        assertThat(cache.findPrefix(TOKENS, 7).tokens()).isEqualTo(4);
        int[] other = TOKENS.clone();
        other[5] = 7; // differs in block 1: blocks 1 and 2 are not reusable, block 0 is
        assertThat(cache.findPrefix(other, 20).tokens()).isEqualTo(4);
        int[] shifted = TOKENS.clone();
        shifted[0] = 7; // the same later blocks after another first block are another prefix
        assertThat(cache.findPrefix(shifted, 20).tokens()).isZero();
        a.close();
    }

    @Test
    void memoryPressureRecyclesTheLeastRecentlyReleasedTailFirst() {
        KvCache cache = new KvCache(1, 2, 4, 4);
        computed(cache, TOKENS, 12).close(); // 3 cached blocks, released tail first
        KvSequence grab = cache.newSequence();
        grab.reserve(8); // takes the free block, then recycles the oldest released: block 2 of the prefix
        assertThat(cache.cachedBlocks()).isEqualTo(2);
        assertThat(cache.findPrefix(TOKENS, 20).tokens()).isEqualTo(8);
        grab.reserve(12);
        assertThat(cache.findPrefix(TOKENS, 20).tokens()).isEqualTo(4);
        assertThat(cache.freeBlocks()).isEqualTo(1);
        grab.reserve(16);
        assertThat(cache.cachedBlocks()).isZero();
        assertThatThrownBy(() -> grab.reserve(20)).isInstanceOf(KvCacheFullException.class);
    }

    @Test
    void heldBlocksAreNeverRecycled() {
        KvCache cache = new KvCache(1, 2, 4, 3);
        computed(cache, TOKENS, 8).close();
        KvSequence reader = cache.newSequence();
        reader.attachPrefix(cache.findPrefix(TOKENS, 9));
        KvSequence other = cache.newSequence();
        other.reserve(4);
        assertThatThrownBy(() -> other.reserve(8)).isInstanceOf(KvCacheFullException.class);
        assertThat(cache.findPrefix(TOKENS, 9).tokens()).isEqualTo(8);
    }

    @Test
    void twoSequencesComputingTheSamePrefixKeepOneCopy() {
        KvCache cache = new KvCache(1, 2, 4, 8);
        KvSequence a = computed(cache, TOKENS, 8);
        KvSequence b = computed(cache, TOKENS, 9); // its blocks 0, 1 are swapped for a's
        assertThat(cache.cachedBlocks()).isEqualTo(2);
        assertThat(cache.freeBlocks()).isEqualTo(5); // a's two blocks + b's partial third
        assertThat(b.keyBlock(0, 5)).isSameAs(a.keyBlock(0, 5));
        b.reserve(8);
        b.advance(3);
        b.indexFullBlocks(TOKENS); // the third block chains onto the shared prefix
        a.close();
        b.close();
        assertThat(cache.findPrefix(TOKENS, 20).tokens()).isEqualTo(12);
    }

    @Test
    void aStaleHitIsRefused() {
        KvCache cache = new KvCache(1, 2, 4, 2);
        computed(cache, TOKENS, 8).close();
        PrefixHit hit = cache.findPrefix(TOKENS, 9);
        KvSequence grab = cache.newSequence();
        grab.reserve(8); // recycles both blocks
        assertThatThrownBy(() -> cache.newSequence().attachPrefix(hit)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stale");
    }

    @Test
    void truncatingIntoASharedBlockGivesItBackInsteadOfOverwritingIt() {
        KvCache cache = new KvCache(1, 2, 4, 8);
        KvSequence a = computed(cache, TOKENS, 12);
        a.truncate(6); // block 1 would be rewritten: it and block 2 are released, block 0 kept
        assertThat(a.blocks()).isEqualTo(1);
        assertThat(cache.findPrefix(TOKENS, 20).tokens()).as("the released content stays cached").isEqualTo(12);
        a.reserve(2);
        KvSequence reader = cache.newSequence();
        reader.attachPrefix(cache.findPrefix(TOKENS, 20));
        assertThat(a.keyBlock(0, 5)).as("a writes position 6 into a block of its own").isNotSameAs(reader.keyBlock(0, 5));
        assertThat(a.keyBlock(0, 1)).isSameAs(reader.keyBlock(0, 1));
        a.close();
        reader.close();
        assertThat(cache.freeBlocks()).isEqualTo(8);
    }
}
