package dev.janus.model.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * A function the model may call: its name and the JSON schema of its arguments object (the
 * {@code function} of an OpenAI {@code tools} entry).
 *
 * @param parameters the arguments' schema; an object schema (no parameters: {@code {"type":"object","properties":{}}})
 */
public record FunctionTool(String name, JsonNode parameters) {

    /** OpenAI's rule for function names; it also keeps names literal inside every call syntax. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public FunctionTool {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a function name is 1 to 64 letters, digits, _ or -: '" + name + "'");
        }
    }
}
