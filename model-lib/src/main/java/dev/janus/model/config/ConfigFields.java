package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Typed access to config.json fields; JSON null counts as absent. Errors name the field. */
final class ConfigFields {

    private final JsonNode root;

    ConfigFields(JsonNode root) {
        this.root = root;
    }

    boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    JsonNode node(String field) {
        return root.get(field);
    }

    int requiredInt(String field) {
        if (!has(field)) {
            throw new ConfigException(field, "required field is missing");
        }
        JsonNode n = root.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ConfigException(field, "expected an integer, got " + n);
        }
        int v = n.intValue();
        if (v < 0) {
            throw new ConfigException(field, "must not be negative, got " + v);
        }
        return v;
    }

    int optionalInt(String field, int dflt) {
        return has(field) ? requiredInt(field) : dflt;
    }

    double requiredDouble(String field) {
        if (!has(field)) {
            throw new ConfigException(field, "required field is missing");
        }
        JsonNode n = root.get(field);
        if (!n.isNumber()) {
            throw new ConfigException(field, "expected a number, got " + n);
        }
        return n.doubleValue();
    }

    double optionalDouble(String field, double dflt) {
        return has(field) ? requiredDouble(field) : dflt;
    }

    boolean optionalBool(String field, boolean dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode n = root.get(field);
        if (!n.isBoolean()) {
            throw new ConfigException(field, "expected true or false, got " + n);
        }
        return n.booleanValue();
    }

    String requiredString(String field) {
        if (!has(field) || !root.get(field).isTextual()) {
            throw new ConfigException(field, "required string field is missing");
        }
        return root.get(field).asText();
    }

    List<Integer> optionalIntList(String field) {
        List<Integer> out = new ArrayList<>();
        if (!has(field)) {
            return out;
        }
        JsonNode n = root.get(field);
        if (!n.isArray()) {
            throw new ConfigException(field, "expected a list of integers, got " + n);
        }
        for (JsonNode e : n) {
            if (!e.isIntegralNumber()) {
                throw new ConfigException(field, "expected a list of integers, got " + n);
            }
            out.add(e.intValue());
        }
        return out;
    }

    int optionalTokenId(String field) {
        return has(field) ? requiredInt(field) : -1;
    }

    /** An id or a list of ids (eos_token_id may be either). */
    int[] tokenIds(String field) {
        if (!has(field)) {
            return new int[0];
        }
        JsonNode n = root.get(field);
        if (n.isArray()) {
            return optionalIntList(field).stream().mapToInt(Integer::intValue).toArray();
        }
        return new int[] {requiredInt(field)};
    }
}
