package dev.janus.attention.api;

import dev.janus.attention.model.ServedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the one model this instance serves. */
@RestController
class ModelsController {

    private final ServedModel model;
    private final JsonMapper json;

    ModelsController(ServedModel model, JsonMapper json) {
        this.model = model;
        this.json = json;
    }

    @GetMapping("/v1/models")
    ResponseEntity<String> list() {
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        out.putArray("data").add(card());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(out));
    }

    @GetMapping("/v1/models/{id}")
    ResponseEntity<String> get(@PathVariable String id) {
        if (!id.equals(model.id())) {
            throw OpenAiException.modelNotFound(id);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(card()));
    }

    private ObjectNode card() {
        ObjectNode card = json.createObjectNode();
        card.put("id", model.id());
        card.put("object", "model");
        card.put("created", model.createdEpochSeconds());
        card.put("owned_by", "janus");
        card.put("max_model_len", model.contextLength());
        return card;
    }
}
