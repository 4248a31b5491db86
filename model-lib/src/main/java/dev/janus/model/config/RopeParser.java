package dev.janus.model.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * rope_theta and rope_scaling, from the transformers v4 layout ({@code rope_theta},
 * {@code rope_scaling}) or the v5 layout ({@code rope_parameters} holding both).
 */
final class RopeParser {

    record Rope(double theta, RopeScaling scaling) {
    }

    private RopeParser() {
    }

    static Rope parse(ConfigFields f, double defaultTheta) {
        JsonNode params = null;
        String field = "rope_scaling";
        if (f.has("rope_parameters")) {
            params = f.node("rope_parameters");
            field = "rope_parameters";
        } else if (f.has("rope_scaling")) {
            params = f.node("rope_scaling");
        }
        double theta = f.optionalDouble("rope_theta", defaultTheta);
        if (params == null) {
            return new Rope(positiveTheta(theta), RopeScaling.NONE);
        }
        if (!params.isObject()) {
            throw new ConfigException(field, "expected an object, got " + params);
        }
        ConfigFields p = new ConfigFields(params);
        if (p.has("rope_theta")) {
            theta = p.requiredDouble("rope_theta");
        }
        String type = p.has("rope_type") ? p.requiredString("rope_type")
                : p.has("type") ? p.requiredString("type") : "default";
        RopeScaling scaling = switch (type) {
            case "default" -> RopeScaling.NONE;
            case "linear" -> new RopeScaling(type, factor(p, field), 0, 0, 0, 0, 0, null, null, null);
            case "llama3" -> new RopeScaling(type, factor(p, field),
                    required(p, field, "original_max_position_embeddings"),
                    p.optionalDouble("low_freq_factor", 1), p.optionalDouble("high_freq_factor", 4), 0, 0, null, null, null);
            case "yarn" -> new RopeScaling(type, factor(p, field),
                    p.optionalInt("original_max_position_embeddings", f.optionalInt("max_position_embeddings", 0)),
                    0, 0, p.optionalDouble("beta_fast", 32), p.optionalDouble("beta_slow", 1),
                    p.has("attention_factor") ? p.requiredDouble("attention_factor") : null,
                    p.has("mscale") ? p.requiredDouble("mscale") : null,
                    p.has("mscale_all_dim") ? p.requiredDouble("mscale_all_dim") : null);
            default -> throw new ConfigException(field + ".type",
                    "unsupported rope scaling '" + type + "'; supported: default, linear, llama3, yarn");
        };
        return new Rope(positiveTheta(theta), scaling);
    }

    private static double positiveTheta(double theta) {
        if (!(theta > 0)) {
            throw new ConfigException("rope_theta", "must be positive, got " + theta);
        }
        return theta;
    }

    private static double factor(ConfigFields p, String field) {
        if (!p.has("factor")) {
            throw new ConfigException(field + ".factor", "required for this rope scaling type");
        }
        double factor = p.requiredDouble("factor");
        if (!(factor >= 1)) {
            throw new ConfigException(field + ".factor", "must be >= 1, got " + factor);
        }
        return factor;
    }

    private static int required(ConfigFields p, String field, String name) {
        if (!p.has(name)) {
            throw new ConfigException(field + "." + name, "required for this rope scaling type");
        }
        return p.requiredInt(name);
    }
}
