package dev.janus.model.structured;

import dev.janus.model.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The text tokens of a model as byte strings, sorted so that tokens sharing a prefix are
 * neighbours: walking them in order with the DFA state of each prefix kept on a stack visits
 * every trie node once (an implicit byte trie, as outlines-core's and xgrammar's vocabulary
 * walks). Special tokens and the model's stop tokens are not text and are left out, except
 * the special tokens named as literals (a tool-call marker such as {@code [TOOL_CALLS]}), which
 * stand for the UTF-8 bytes of their content. Immutable.
 *
 * @param rowSize logits per row (the model's vocabulary, possibly larger than the tokenizer's)
 */
record TokenVocabulary(int rowSize, byte[][] bytes, int[] order, int[] sharedPrefix) {

    static TokenVocabulary of(Tokenizer tokenizer, int rowSize, int[] stopTokenIds) {
        return of(tokenizer, rowSize, stopTokenIds, new int[0]);
    }

    static TokenVocabulary of(Tokenizer tokenizer, int rowSize, int[] stopTokenIds, int[] literalSpecialTokens) {
        byte[][] bytes = new byte[rowSize][];
        for (int id = 0; id < rowSize; id++) {
            int token = id;
            boolean stop = Arrays.stream(stopTokenIds).anyMatch(s -> s == token);
            boolean literal = Arrays.stream(literalSpecialTokens).anyMatch(s -> s == token);
            boolean text = id < tokenizer.vocabSize() && !tokenizer.isSpecial(id) && !stop;
            bytes[id] = literal && !stop ? tokenizer.token(id).getBytes(StandardCharsets.UTF_8)
                    : text ? tokenizer.tokenBytes(id) : new byte[0];
        }
        int[] order = IntStream.range(0, rowSize).filter(id -> bytes[id].length > 0).boxed()
                .sorted(Comparator.comparing(id -> bytes[id], Arrays::compareUnsigned))
                .mapToInt(Integer::intValue).toArray();
        int[] shared = new int[order.length];
        for (int i = 1; i < order.length; i++) {
            byte[] a = bytes[order[i - 1]];
            byte[] b = bytes[order[i]];
            int mismatch = Arrays.mismatch(a, b);
            shared[i] = mismatch < 0 ? a.length : mismatch;
        }
        return new TokenVocabulary(rowSize, bytes, order, shared);
    }

    int maxLength() {
        int max = 0;
        for (int id : order) {
            max = Math.max(max, bytes[id].length);
        }
        return max;
    }
}
