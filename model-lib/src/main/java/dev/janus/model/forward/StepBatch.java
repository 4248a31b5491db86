package dev.janus.model.forward;

import dev.janus.model.kv.KvSequence;

import java.util.Arrays;

/**
 * The tokens of one forward step: several sequences, each contributing a chunk of new tokens
 * (a prompt prefill chunk, or one decode token), flattened into rows. Each token's position is
 * its sequence's cached length plus its index in the chunk. Tokens flagged for logits get a row
 * in the step's logits output, in flattening order. Reusable: {@link #clear()} keeps capacity.
 */
public final class StepBatch {

    private int tokens;
    private int[] tokenIds = new int[16];
    private int[] positions = new int[16];
    private int[] sequenceOf = new int[16];
    private int[] logitRow = new int[16]; // -1: no logits for this token
    private int logitRows;
    private KvSequence[] sequences = new KvSequence[4];
    private int[] chunkLength = new int[4];
    private int sequenceCount;

    public void clear() {
        tokens = 0;
        logitRows = 0;
        Arrays.fill(sequences, 0, sequenceCount, null);
        sequenceCount = 0;
    }

    /**
     * Adds {@code count} tokens of {@code ids} starting at {@code from} for {@code seq}.
     *
     * @param allLogits logits for every added token (prompt logprobs); otherwise only the last
     */
    public void add(KvSequence seq, int[] ids, int from, int count, boolean allLogits) {
        if (count <= 0) {
            throw new IllegalArgumentException("a chunk needs at least one token");
        }
        for (int i = 0; i < sequenceCount; i++) {
            if (sequences[i] == seq) {
                throw new IllegalArgumentException("a sequence can contribute only one chunk per step");
            }
        }
        grow(tokens + count);
        if (sequenceCount == sequences.length) {
            sequences = Arrays.copyOf(sequences, sequenceCount * 2);
            chunkLength = Arrays.copyOf(chunkLength, sequenceCount * 2);
        }
        int s = sequenceCount++;
        sequences[s] = seq;
        chunkLength[s] = count;
        int base = seq.length();
        for (int i = 0; i < count; i++) {
            int t = tokens++;
            tokenIds[t] = ids[from + i];
            positions[t] = base + i;
            sequenceOf[t] = s;
            logitRow[t] = allLogits || i == count - 1 ? logitRows++ : -1;
        }
    }

    /**
     * Makes this batch the sequences {@code [fromSeq, toSeq)} of {@code batch}, whose tokens are
     * rows {@code [fromToken, ...)} there: same ids and positions (fixed when they were added, so
     * valid while the step runs), no logit rows (a micro-batch's logits come from its parent).
     * For {@link ForwardPass}'s micro-batches; reuses this batch's capacity.
     */
    void copySequences(StepBatch batch, int fromSeq, int toSeq, int fromToken) {
        clear();
        int count = 0;
        for (int s = fromSeq; s < toSeq; s++) {
            count += batch.chunkLength[s];
        }
        grow(count);
        if (sequences.length < toSeq - fromSeq) {
            sequences = Arrays.copyOf(sequences, toSeq - fromSeq);
            chunkLength = Arrays.copyOf(chunkLength, toSeq - fromSeq);
        }
        for (int s = fromSeq; s < toSeq; s++) {
            sequences[sequenceCount] = batch.sequences[s];
            chunkLength[sequenceCount++] = batch.chunkLength[s];
        }
        System.arraycopy(batch.tokenIds, fromToken, tokenIds, 0, count);
        System.arraycopy(batch.positions, fromToken, positions, 0, count);
        for (int t = 0; t < count; t++) {
            sequenceOf[t] = batch.sequenceOf[fromToken + t] - fromSeq;
            logitRow[t] = -1;
        }
        tokens = count;
    }

    private void grow(int n) {
        if (n > tokenIds.length) {
            int cap = Math.max(n, tokenIds.length * 2);
            tokenIds = Arrays.copyOf(tokenIds, cap);
            positions = Arrays.copyOf(positions, cap);
            sequenceOf = Arrays.copyOf(sequenceOf, cap);
            logitRow = Arrays.copyOf(logitRow, cap);
        }
    }

    public int tokens() {
        return tokens;
    }

    public int tokenId(int t) {
        return tokenIds[t];
    }

    public int position(int t) {
        return positions[t];
    }

    public KvSequence sequenceOfToken(int t) {
        return sequences[sequenceOf[t]];
    }

    /** Row of token t in the logits output, or -1. */
    public int logitRow(int t) {
        return logitRow[t];
    }

    public int logitRows() {
        return logitRows;
    }

    public int sequenceCount() {
        return sequenceCount;
    }

    public KvSequence sequence(int i) {
        return sequences[i];
    }

    public int chunkLength(int i) {
        return chunkLength[i];
    }

    /** The highest position of the step plus one (for RoPE tables). */
    public int maxPositionExclusive() {
        int max = 0;
        for (int t = 0; t < tokens; t++) {
            max = Math.max(max, positions[t] + 1);
        }
        return max;
    }
}
