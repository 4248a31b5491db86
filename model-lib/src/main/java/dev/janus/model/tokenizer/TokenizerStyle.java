package dev.janus.model.tokenizer;

/** The tokenizer families {@link TokenizerGenerator} can write. */
public enum TokenizerStyle {
    /** Llama-3-like byte-level BPE: Llama-3 split regex, {@code <|begin_of_text|>} BOS, {@code <|eot_id|>} EOS. */
    BYTE_LEVEL,
    /** Qwen-like byte-level BPE: NFC, Qwen split regex, ChatML {@code <|im_start|>}/{@code <|im_end|>}, no BOS. */
    BYTE_LEVEL_CHATML,
    /** Mixtral / Llama-2-like SentencePiece BPE: {@code ▁} word marks, {@code <0xNN>} byte fallback, {@code <s>}/{@code </s>}. */
    SENTENCEPIECE
}
