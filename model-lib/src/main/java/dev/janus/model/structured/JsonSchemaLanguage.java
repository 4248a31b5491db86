package dev.janus.model.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON schema as the regular language of the compact JSON texts that validate against it
 * (the outlines approach: schema → regular expression → automaton; here the automaton is
 * composed directly from dk.brics operations, with no regex text in between). Properties come
 * in the schema's order; optional ones may be left out. Supported: {@code type} (one or a
 * list), {@code enum}, {@code const}, {@code anyOf}, {@code properties}, {@code required},
 * {@code additionalProperties} (only declared properties are written, which any value allows),
 * {@code items}, {@code minItems}/{@code maxItems}, {@code minLength}/{@code maxLength},
 * integer {@code minimum}/{@code maximum}/{@code exclusiveMinimum}/{@code exclusiveMaximum},
 * {@code $ref} into {@code $defs}/{@code definitions} (recursion unrolled
 * {@value #MAX_RECURSION} levels deep) and annotations. Anything else is refused by name: a
 * keyword silently ignored would let the output break the schema.
 */
public final class JsonSchemaLanguage {

    /** How often one $ref may be entered inside itself before that branch is cut off. */
    static final int MAX_RECURSION = 3;
    /** Nesting of objects/arrays inside a value whose schema says nothing ({@code {}}, json_object). */
    static final int ANY_VALUE_DEPTH = 3;

    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$schema", "$id", "$comment",
            "default", "examples", "deprecated", "readOnly", "writeOnly", "$defs", "definitions", "strict");
    private static final Set<String> STRUCTURE = Set.of("type", "enum", "const", "anyOf", "$ref");
    private static final Map<String, Set<String>> BY_TYPE = Map.of(
            "object", Set.of("properties", "required", "additionalProperties"),
            "array", Set.of("items", "minItems", "maxItems", "uniqueItems"),
            "string", Set.of("minLength", "maxLength"),
            "integer", Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
            "number", Set.of(),
            "boolean", Set.of(),
            "null", Set.of());

    private final JsonNode root;
    private final Map<String, Integer> refDepth = new HashMap<>();
    private final Set<String> unsupported = new TreeSet<>();

    private JsonSchemaLanguage(JsonNode root) {
        this.root = root;
    }

    /**
     * The language of a schema, as a minimal DFA over UTF-8 bytes.
     *
     * @throws JsonSchemaException naming every unsupported keyword with its location, or when no
     *                             finite JSON text satisfies the schema
     */
    public static Automaton of(JsonNode schema) {
        JsonSchemaLanguage language = new JsonSchemaLanguage(schema);
        Automaton a = language.value(schema, "#");
        if (!language.unsupported.isEmpty()) {
            throw new JsonSchemaException("Unsupported JSON schema keywords for structured output: "
                    + String.join(", ", language.unsupported));
        }
        if (a.isEmpty()) {
            throw new JsonSchemaException("No JSON value satisfies this schema (within " + MAX_RECURSION
                    + " levels of $ref recursion)");
        }
        a.minimize();
        return a;
    }

    /** The language of {@code response_format: json_object}: any JSON object. */
    public static Automaton anyObject() {
        Automaton a = JsonPieces.object(JsonPieces.anyValue(ANY_VALUE_DEPTH - 1));
        a.minimize();
        return a;
    }

    private Automaton value(JsonNode schema, String at) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? JsonPieces.anyValue(ANY_VALUE_DEPTH) : BasicAutomata.makeEmpty();
        }
        if (!schema.isObject()) {
            throw new JsonSchemaException("A schema must be an object or a boolean (at " + at + ")");
        }
        if (schema.has("$ref")) {
            return ref(schema, at);
        }
        if (schema.has("const")) {
            checkKeywords(schema, at, Set.of());
            return JsonPieces.literal(schema.get("const").toString());
        }
        if (schema.has("enum")) {
            return enumeration(schema, at);
        }
        if (schema.has("anyOf")) {
            return anyOf(schema, at);
        }
        List<String> types = types(schema, at);
        Set<String> allowed = new TreeSet<>();
        for (String type : types) {
            allowed.addAll(BY_TYPE.get(type));
        }
        checkKeywords(schema, at, allowed);
        Automaton out = BasicAutomata.makeEmpty();
        for (String type : types) {
            out = out.union(typed(type, schema, at));
        }
        return out;
    }

    private Automaton typed(String type, JsonNode schema, String at) {
        return switch (type) {
            case "object" -> object(schema, at);
            case "array" -> array(schema, at);
            case "string" -> JsonPieces.string(count(schema, "minLength", 0, at), count(schema, "maxLength", -1, at));
            case "integer" -> integer(schema, at);
            case "number" -> JsonPieces.number();
            case "boolean" -> JsonPieces.literal("true").union(JsonPieces.literal("false"));
            case "null" -> JsonPieces.literal("null");
            default -> throw new IllegalStateException(type);
        };
    }

    /** The declared type(s); without one, what the keywords imply, else any value. */
    private List<String> types(JsonNode schema, String at) {
        JsonNode type = schema.get("type");
        List<String> out = new ArrayList<>();
        if (type == null) {
            if (schema.has("properties") || schema.has("required") || schema.has("additionalProperties")) {
                out.add("object");
            } else if (schema.has("items") || schema.has("minItems") || schema.has("maxItems")) {
                out.add("array");
            } else if (schema.has("minLength") || schema.has("maxLength")) {
                out.add("string");
            } else {
                out.addAll(List.of("object", "array", "string", "number", "boolean", "null"));
            }
            return out;
        }
        for (JsonNode t : type.isArray() ? type : List.of(type)) {
            if (!t.isTextual() || !BY_TYPE.containsKey(t.asText())) {
                throw new JsonSchemaException("Unknown type " + t + " at " + at);
            }
            out.add(t.asText());
        }
        if (out.contains("number")) {
            out.remove("integer"); // every integer is a number already
        }
        return out;
    }

    private Automaton object(JsonNode schema, String at) {
        JsonNode properties = schema.path("properties");
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            declared.put(e.getKey(), e.getValue());
        }
        Set<String> required = new TreeSet<>();
        for (JsonNode r : schema.path("required")) {
            required.add(r.asText());
            if (!declared.containsKey(r.asText())) {
                if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                    throw new JsonSchemaException("Property '" + r.asText() + "' is required but not allowed at " + at);
                }
                declared.put(r.asText(), schema.path("additionalProperties").isObject()
                        ? schema.get("additionalProperties") : JsonNodeFactory.instance.booleanNode(true));
            }
        }
        // right to left: first[i] = members i.. when none was written yet, rest[i] = when one was (needs a comma)
        Automaton first = BasicAutomata.makeEmptyString();
        Automaton rest = BasicAutomata.makeEmptyString();
        List<String> names = new ArrayList<>(declared.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            String name = names.get(i);
            Automaton member = JsonPieces.literal(JsonNodeFactory.instance.textNode(name).toString() + ":")
                    .concatenate(value(declared.get(name), at + "/properties/" + name));
            Automaton withComma = BasicAutomata.makeChar(',').concatenate(member);
            Automaton newFirst = member.concatenate(rest);
            Automaton newRest = withComma.concatenate(rest);
            if (!required.contains(name)) {
                newFirst = newFirst.union(first);
                newRest = newRest.union(rest);
            }
            first = newFirst;
            rest = newRest;
        }
        return BasicAutomata.makeChar('{').concatenate(first).concatenate(BasicAutomata.makeChar('}'));
    }

    private Automaton array(JsonNode schema, String at) {
        if (schema.path("uniqueItems").asBoolean(false)) {
            unsupported.add("uniqueItems (at " + at + ")");
        }
        JsonNode items = schema.get("items");
        Automaton item = items == null ? JsonPieces.anyValue(ANY_VALUE_DEPTH - 1) : value(items, at + "/items");
        int min = count(schema, "minItems", 0, at);
        int max = count(schema, "maxItems", -1, at);
        if (max >= 0 && max < min) {
            throw new JsonSchemaException("maxItems < minItems at " + at);
        }
        return JsonPieces.array(item, min, max);
    }

    /** Integer bounds as the smallest / largest allowed integer (minimum 2.5 allows 3, exclusiveMinimum 2 allows 3). */
    private Automaton integer(JsonNode schema, String at) {
        Long min = tighter(bound(schema, "minimum", at, Math::ceil), bound(schema, "exclusiveMinimum", at,
                d -> Math.floor(d) + 1), true);
        Long max = tighter(bound(schema, "maximum", at, Math::floor), bound(schema, "exclusiveMaximum", at,
                d -> Math.ceil(d) - 1), false);
        if (min != null && max != null && min > max) {
            throw new JsonSchemaException("No integer lies in [" + min + ", " + max + "] at " + at);
        }
        return JsonPieces.integer(min, max);
    }

    private static Long tighter(Long a, Long b, boolean lower) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return lower ? Math.max(a, b) : Math.min(a, b);
    }

    private Automaton enumeration(JsonNode schema, String at) {
        checkKeywords(schema, at, Set.of());
        JsonNode values = schema.get("enum");
        if (!values.isArray() || values.isEmpty()) {
            throw new JsonSchemaException("'enum' must be a non-empty array at " + at);
        }
        Automaton out = BasicAutomata.makeEmpty();
        for (JsonNode v : values) {
            out = out.union(JsonPieces.literal(v.toString()));
        }
        return out;
    }

    private Automaton anyOf(JsonNode schema, String at) {
        checkKeywords(schema, at, Set.of());
        JsonNode options = schema.get("anyOf");
        if (!options.isArray() || options.isEmpty()) {
            throw new JsonSchemaException("'anyOf' must be a non-empty array at " + at);
        }
        Automaton out = BasicAutomata.makeEmpty();
        for (int i = 0; i < options.size(); i++) {
            out = out.union(value(options.get(i), at + "/anyOf/" + i));
        }
        return out;
    }

    private Automaton ref(JsonNode schema, String at) {
        checkKeywords(schema, at, Set.of());
        String ref = schema.get("$ref").asText();
        JsonNode target;
        if (ref.equals("#")) {
            target = root;
        } else if (ref.startsWith("#/$defs/") || ref.startsWith("#/definitions/")) {
            String section = ref.startsWith("#/$defs/") ? "$defs" : "definitions";
            target = root.path(section).get(ref.substring(section.length() + 3));
        } else {
            unsupported.add("$ref other than #/$defs/... (at " + at + ": " + ref + ")");
            return BasicAutomata.makeEmpty();
        }
        if (target == null) {
            throw new JsonSchemaException("$ref " + ref + " points to nothing (at " + at + ")");
        }
        int depth = refDepth.merge(ref, 1, Integer::sum);
        try {
            return depth > MAX_RECURSION ? BasicAutomata.makeEmpty() : value(target, ref);
        } finally {
            refDepth.merge(ref, -1, Integer::sum);
        }
    }

    private void checkKeywords(JsonNode schema, String at, Set<String> typeKeywords) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ANNOTATIONS.contains(k) && !STRUCTURE.contains(k) && !typeKeywords.contains(k)) {
                unsupported.add(k + " (at " + at + ")");
            }
        }
    }

    private static int count(JsonNode schema, String keyword, int absent, String at) {
        JsonNode v = schema.get(keyword);
        if (v == null) {
            return absent;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 100_000) {
            throw new JsonSchemaException("'" + keyword + "' must be an integer in [0, 100000] at " + at);
        }
        return v.intValue();
    }

    private static Long bound(JsonNode schema, String keyword, String at, java.util.function.DoubleUnaryOperator toInteger) {
        JsonNode v = schema.get(keyword);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw new JsonSchemaException("'" + keyword + "' must be a number at " + at);
        }
        double d = v.doubleValue();
        if (!(Math.abs(d) < 1e15)) {
            throw new JsonSchemaException("'" + keyword + "' must be below 10^15 in magnitude at " + at);
        }
        return (long) toInteger.applyAsDouble(d);
    }
}
