package dev.janus.attention.model;

import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.tokenizer.Tokenizer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the API needs to know about the model it serves.
 *
 * @param id            the model id clients name ({@code /v1/models}, the {@code model} field)
 * @param tokenizer     the model's tokenizer.json
 * @param chatTemplate  the model's chat template, null when it has none (chat is then refused)
 * @param stopTokenIds  EOS tokens that end a generation (GenerationDefaults)
 * @param contextLength prompt + generated tokens at most (max_position_embeddings)
 * @param vocabSize     valid token ids are [0, vocabSize)
 * @param createdEpochSeconds when the model was loaded, for {@code /v1/models}
 */
public record ServedModel(String id, Tokenizer tokenizer, @Nullable ChatTemplate chatTemplate, int[] stopTokenIds,
                          int contextLength, int vocabSize, long createdEpochSeconds) {

    public Optional<ChatTemplate> chat() {
        return Optional.ofNullable(chatTemplate);
    }
}
