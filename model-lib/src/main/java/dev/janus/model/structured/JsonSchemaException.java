package dev.janus.model.structured;

/** A JSON schema that constrained decoding cannot follow: invalid, unsatisfiable, or using unsupported keywords. */
public final class JsonSchemaException extends IllegalArgumentException {

    public JsonSchemaException(String message) {
        super(message);
    }
}
