package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code stop}: a string or an array of at most {@value #MAX_STOP} non-empty strings. */
record StopParam(List<String> values) {

    static final int MAX_STOP = 16;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static StopParam of(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isString()) {
            out.add(node.stringValue());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isString()) {
                    throw new IllegalArgumentException("must be a string or an array of strings");
                }
                out.add(item.stringValue());
            }
        } else {
            throw new IllegalArgumentException("must be a string or an array of strings");
        }
        if (out.size() > MAX_STOP) {
            throw new IllegalArgumentException("takes at most " + MAX_STOP + " strings");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("must not contain empty strings");
        }
        return new StopParam(List.copyOf(out));
    }
}
