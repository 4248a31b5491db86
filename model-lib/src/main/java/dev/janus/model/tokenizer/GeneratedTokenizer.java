package dev.janus.model.tokenizer;

import java.util.OptionalInt;

/**
 * What {@link TokenizerGenerator} wrote.
 *
 * @param vocabSize   number of token ids (BPE vocabulary plus added tokens); the model's
 *                    {@code vocab_size} must be at least this
 * @param bosTokenId  the BOS id for config.json {@code bos_token_id}, empty when the style has none
 * @param eosTokenIds the ids to list as config.json / generation_config.json {@code eos_token_id}
 */
public record GeneratedTokenizer(int vocabSize, OptionalInt bosTokenId, int[] eosTokenIds) {
}
