package dev.janus.attention.api;

import dev.janus.attention.model.ServedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the one model this instance serves. */
@RestController
class ModelsController {

    private final ServedModel model;
    private final JsonMapper json;

    ModelsController(ServedModel model, JsonMapper json) {
        this.model = model;
        this.json = json;
    }

    /** {@code /v1/models}: {@code {"object":"list","data":[...]}}. */
    record ModelList(String object, List<ModelCard> data) {
    }

    /** @param maxModelLen vLLM's extension: the context length */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelCard(String id, String object, long created, String ownedBy, int maxModelLen) {
    }

    @GetMapping("/v1/models")
    ResponseEntity<String> list() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(new ModelList("list", List.of(card()))));
    }

    @GetMapping("/v1/models/{id}")
    ResponseEntity<String> get(@PathVariable String id) {
        if (!id.equals(model.id())) {
            throw OpenAiException.modelNotFound(id);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(card()));
    }

    private ModelCard card() {
        return new ModelCard(model.id(), "model", model.createdEpochSeconds(), "janus", model.contextLength());
    }
}
