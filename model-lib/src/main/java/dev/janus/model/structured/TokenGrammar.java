package dev.janus.model.structured;

import dk.brics.automaton.Automaton;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A byte-level DFA lifted to tokens for one vocabulary: in DFA state q, token t is allowed
 * when its bytes lead from q to a live state. The allowed set of a state is computed the first
 * time a sequence reaches it (one walk over the vocabulary's implicit trie) and kept as a bit
 * set, so later sequences with the same schema pay only the mask. Thread-safe: HTTP threads
 * build grammars, the scheduler thread reads them; two threads may compute the same state's
 * set at once, which gives the same bits.
 */
public final class TokenGrammar {

    private final ByteDfa dfa;
    private final TokenVocabulary vocabulary;
    private final AtomicReferenceArray<long[]> allowed;

    TokenGrammar(Automaton language, TokenVocabulary vocabulary) {
        this.dfa = ByteDfa.of(language);
        this.vocabulary = vocabulary;
        this.allowed = new AtomicReferenceArray<>(dfa.states());
    }

    int start() {
        return dfa.start();
    }

    int states() {
        return dfa.states();
    }

    int rowSize() {
        return vocabulary.rowSize();
    }

    /** Bit t of the result is set when token t may follow in {@code state}. */
    long[] allowed(int state) {
        long[] bits = allowed.get(state);
        if (bits == null) {
            bits = computeAllowed(state);
            allowed.set(state, bits);
        }
        return bits;
    }

    /** The state after a token, or {@link ByteDfa#DEAD} when the token is not allowed. */
    int next(int state, int token) {
        if (token < 0 || token >= vocabulary.rowSize() || vocabulary.bytes()[token].length == 0) {
            return ByteDfa.DEAD;
        }
        return dfa.walk(state, vocabulary.bytes()[token]);
    }

    boolean accepts(int state) {
        return dfa.accepts(state);
    }

    boolean complete(int state) {
        return dfa.complete(state);
    }

    /**
     * Tokens in byte order; {@code path[k]} is the DFA state after the first k bytes of the
     * current token, valid up to {@code valid}; a prefix that died at depth d rules out every
     * following token that shares those d bytes.
     */
    private long[] computeAllowed(int state) {
        long[] bits = new long[(vocabulary.rowSize() + 63) >>> 6];
        int[] order = vocabulary.order();
        int[] shared = vocabulary.sharedPrefix();
        byte[][] bytes = vocabulary.bytes();
        int[] path = new int[vocabulary.maxLength() + 1];
        path[0] = state;
        int valid = 0;     // path[0..valid] are computed for the previous token
        int deadAt = Integer.MAX_VALUE; // depth at which the previous token's walk died
        for (int i = 0; i < order.length; i++) {
            int id = order[i];
            byte[] b = bytes[id];
            int keep = Math.min(shared[i], valid);
            if (deadAt <= shared[i]) {
                continue; // same dead prefix as before (deadAt and valid carry over)
            }
            deadAt = Integer.MAX_VALUE;
            int q = path[keep];
            int k = keep;
            while (k < b.length) {
                q = dfa.next(q, b[k] & 0xFF);
                if (q == ByteDfa.DEAD) {
                    deadAt = k + 1;
                    break;
                }
                path[++k] = q;
            }
            valid = k;
            if (q != ByteDfa.DEAD) {
                bits[id >>> 6] |= 1L << id;
            }
        }
        return bits;
    }
}
