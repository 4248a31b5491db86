package dev.janus.model.kv;

/**
 * Cached full blocks that start a token sequence (see {@link KvCache#findPrefix}).
 *
 * @param tokens             positions the blocks cover (a multiple of the block size)
 * @param blocks             the blocks, in position order
 * @param lastContentId      content id of the last block (0 = none): the parent of the next one
 * @param unreferencedBlocks blocks that no sequence holds now: attaching them takes them out of
 *                           {@link KvCache#freeBlocks()}
 */
public record PrefixHit(int tokens, int[] blocks, long lastContentId, int unreferencedBlocks) {

    public static final PrefixHit NONE = new PrefixHit(0, new int[0], 0, 0);

    public PrefixHit {
        blocks = blocks.clone();
    }

    public int blockCount() {
        return blocks.length;
    }
}
