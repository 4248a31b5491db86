package dev.janus.comm.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON form of a {@link PlacementEpoch}: what placement-service sends to expert- and
 * attention-services (prepare, commit), what it persists, what {@code ./janus plan} writes and
 * what {@code moe.placement.file} reads at start. Snake case, as the OpenAI API:
 * <pre>
 * {"version": 3, "logical_experts": 4, "instances": 3, "slots_per_instance": 2,
 *  "layers": [[0, 1, 0, 2, 1, 3], ...]}     // per layer: the logical expert of each physical slot, -1 = empty
 * </pre>
 * Decoding validates everything {@link PlacementEpoch#of} does (and that {@code slots_per_instance}
 * matches), so a bad document is an {@link IllegalArgumentException} naming the problem.
 */
public final class PlacementJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlacementJson() {
    }

    public static ObjectNode toTree(PlacementEpoch epoch) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", epoch.version());
        root.put("logical_experts", epoch.logicalExperts());
        root.put("instances", epoch.instances());
        root.put("slots_per_instance", epoch.slotsPerInstance());
        ArrayNode layers = root.putArray("layers");
        for (int l = 0; l < epoch.layers(); l++) {
            ArrayNode slots = layers.addArray();
            LayerPlacement layer = epoch.layer(l);
            for (int p = 0; p < layer.physicalExperts(); p++) {
                slots.add(layer.logicalOf(p));
            }
        }
        return root;
    }

    public static String encode(PlacementEpoch epoch) {
        return toTree(epoch).toString();
    }

    public static PlacementEpoch decode(String json) {
        try {
            return fromTree(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("placement is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static PlacementEpoch fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("placement must be a JSON object");
        }
        long version = integer(root, "version", 0, Long.MAX_VALUE);
        int experts = (int) integer(root, "logical_experts", 1, 1 << 20);
        int instances = (int) integer(root, "instances", 1, 1 << 16);
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("placement: 'layers' must be a non-empty array of slot arrays");
        }
        int[][] slots = new int[layers.size()][];
        for (int l = 0; l < slots.length; l++) {
            JsonNode layer = layers.get(l);
            if (!layer.isArray()) {
                throw new IllegalArgumentException("placement: layers[" + l + "] must be an array of logical expert ids");
            }
            slots[l] = new int[layer.size()];
            for (int p = 0; p < slots[l].length; p++) {
                JsonNode v = layer.get(p);
                if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                    throw new IllegalArgumentException("placement: layers[" + l + "][" + p + "] must be an integer, got " + v);
                }
                slots[l][p] = v.intValue();
            }
        }
        PlacementEpoch epoch = PlacementEpoch.of(version, experts, instances, slots);
        JsonNode c = root.get("slots_per_instance");
        if (c != null && (!c.canConvertToInt() || c.intValue() != epoch.slotsPerInstance())) {
            throw new IllegalArgumentException("placement: slots_per_instance " + c + " does not match " + slots[0].length
                    + " slots on " + instances + " instances");
        }
        return epoch;
    }

    public static void write(PlacementEpoch epoch, Path file) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(epoch)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write placement file " + file, e);
        }
    }

    public static PlacementEpoch read(Path file) {
        try {
            return decode(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read placement file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static long integer(JsonNode root, String field, long min, long max) {
        JsonNode v = root.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException("placement: '" + field + "' must be an integer in [" + min + ", " + max
                    + "], got " + v);
        }
        return v.asLong();
    }
}
