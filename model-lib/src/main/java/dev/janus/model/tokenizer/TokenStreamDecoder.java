package dev.janus.model.tokenizer;

import java.util.Arrays;

/**
 * Incremental detokenizer for streaming one generated sequence (not thread-safe; one per
 * sequence). {@link #next} returns only the text completed by the new id: the window of ids
 * since the last emitted text is decoded with one id of left context (so decoders that strip a
 * leading space, like SentencePiece's, still see the word boundary), and text ending in U+FFFD —
 * an incomplete UTF-8 sequence — is held back until a later id completes it (the vLLM /
 * HF {@code DecodeStream} prefix-offset scheme). Concatenating every {@code next} result and
 * {@link #finish} gives {@code decode(allIds)}.
 */
public final class TokenStreamDecoder {

    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] ids = new int[64];
    private int size;
    private int prefixOffset; // start of the context window
    private int readOffset;   // ids before this have been emitted as text

    public TokenStreamDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Feeds one id; returns the newly completed text, possibly empty. */
    public String next(int id) {
        if (size == ids.length) {
            compact();
        }
        ids[size++] = id;
        String prefix = decode(prefixOffset, readOffset);
        String full = decode(prefixOffset, size);
        if (full.length() > prefix.length() && !full.endsWith("\uFFFD")) {
            prefixOffset = readOffset;
            readOffset = size;
            return full.substring(prefix.length());
        }
        return "";
    }

    /** Ends the sequence: returns any held-back text (with U+FFFD for an unfinished UTF-8 sequence). */
    public String finish() {
        String prefix = decode(prefixOffset, readOffset);
        String full = decode(prefixOffset, size);
        prefixOffset = size;
        readOffset = size;
        return full.length() > prefix.length() ? full.substring(prefix.length()) : "";
    }

    private String decode(int from, int to) {
        return from >= to ? "" : tokenizer.decode(Arrays.copyOfRange(ids, from, to), skipSpecialTokens);
    }

    /** Drops ids before the context window, growing the buffer only when the window is large. */
    private void compact() {
        int keep = size - prefixOffset;
        int[] target = keep * 2 > ids.length ? new int[ids.length * 2] : ids;
        System.arraycopy(ids, prefixOffset, target, 0, keep);
        ids = target;
        readOffset -= prefixOffset;
        size = keep;
        prefixOffset = 0;
    }
}
