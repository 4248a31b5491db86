package dev.janus.model.structured;

import dev.janus.model.sampling.TokenConstraint;

/**
 * One sequence's position in a {@link TokenGrammar}. Stop tokens (EOS) are allowed exactly
 * when the text so far is a complete value; once nothing may follow, {@link #complete()} ends
 * the sequence without waiting for EOS.
 */
public final class GrammarConstraint implements TokenConstraint {

    private final TokenGrammar grammar;
    private final int[] stopTokenIds;
    private final float[] savedStops;
    private int state;

    GrammarConstraint(TokenGrammar grammar, int[] stopTokenIds) {
        this.grammar = grammar;
        this.stopTokenIds = stopTokenIds.clone();
        this.savedStops = new float[stopTokenIds.length];
        this.state = grammar.start();
    }

    @Override
    public void maskLogits(float[] logits, int offset) {
        boolean end = grammar.accepts(state);
        for (int i = 0; i < stopTokenIds.length; i++) {
            savedStops[i] = logits[offset + stopTokenIds[i]];
        }
        long[] bits = grammar.allowed(state);
        int rows = grammar.rowSize();
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            if (word == -1L) {
                continue;
            }
            int base = w << 6;
            int to = Math.min(64, rows - base);
            for (int b = 0; b < to; b++) {
                if ((word & (1L << b)) == 0) {
                    logits[offset + base + b] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        for (int i = 0; i < stopTokenIds.length; i++) {
            logits[offset + stopTokenIds[i]] = end ? savedStops[i] : Float.NEGATIVE_INFINITY;
        }
    }

    @Override
    public void accept(int token) {
        for (int s : stopTokenIds) {
            if (s == token) {
                return; // the sequence ends with it
            }
        }
        int next = grammar.next(state, token);
        if (next == ByteDfa.DEAD) {
            throw new IllegalStateException("token " + token + " is not allowed by the output grammar here");
        }
        state = next;
    }

    @Override
    public boolean complete() {
        return grammar.complete(state);
    }
}
