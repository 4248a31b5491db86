package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import tools.jackson.databind.JsonNode;

/** A message's {@code content}: a string, or an array of text parts {@code {"type":"text","text":...}}. */
record MessageContent(String text) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MessageContent of(JsonNode c) {
        if (c.isString()) {
            return new MessageContent(c.stringValue());
        }
        if (c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.isObject() || !"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
                    throw new IllegalArgumentException("parts must be {\"type\":\"text\",\"text\":...} (this model reads text only)");
                }
                text.append(part.path("text").stringValue());
            }
            return new MessageContent(text.toString());
        }
        throw new IllegalArgumentException("must be a string or an array of text parts");
    }
}
