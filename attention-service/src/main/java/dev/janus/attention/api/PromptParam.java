package dev.janus.attention.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Legacy completions' {@code prompt}: a string, an array of strings, an array of token ids, or
 * an array of token-id arrays. Ids are checked against the vocabulary by the controller.
 */
record PromptParam(List<Item> items) {

    /** One prompt: its text, or its token ids. */
    record Item(@Nullable String text, int @Nullable [] ids) {
    }

    private static final String SHAPE = "must be a string, an array of strings, an array of token ids or an array of"
            + " token-id arrays";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PromptParam of(JsonNode p) {
        List<Item> out = new ArrayList<>();
        if (p.isString()) {
            out.add(new Item(p.stringValue(), null));
        } else if (p.isArray() && !p.isEmpty()) {
            if (p.get(0).isNumber()) {
                out.add(new Item(null, ids(p)));
            } else {
                for (JsonNode item : p) {
                    if (item.isString()) {
                        out.add(new Item(item.stringValue(), null));
                    } else if (item.isArray()) {
                        out.add(new Item(null, ids(item)));
                    } else {
                        throw new IllegalArgumentException(SHAPE);
                    }
                }
            }
        } else {
            throw new IllegalArgumentException(p.isArray() ? "must not be empty" : SHAPE);
        }
        return new PromptParam(List.copyOf(out));
    }

    private static int[] ids(JsonNode array) {
        if (array.isEmpty()) {
            throw new IllegalArgumentException("must not contain an empty token list");
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode t = array.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 0) {
                throw new IllegalArgumentException("token ids must be non-negative integers, got " + t);
            }
            ids[i] = t.intValue();
        }
        return ids;
    }
}
