package dev.janus.model.config;

/** A config.json that we cannot run: unsupported, missing or contradictory field. */
public final class ConfigException extends RuntimeException {

    private final String field;

    public ConfigException(String field, String message) {
        super("config.json: " + field + ": " + message);
        this.field = field;
    }

    /** The config.json field at fault. */
    public String field() {
        return field;
    }
}
