package dev.janus.comm.scaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON mapper of this package: snake_case names, records bound directly, unknown fields
 * refused (a misspelt constant must not silently become 0), validation errors of the records'
 * constructors surfaced as IllegalArgumentException naming the document.
 */
final class ScalingJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ScalingJson() {
    }

    static <T> T parse(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(what + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return parse(Files.readString(file), type, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A classpath resource under {@code /scaling/}; IllegalArgumentException if absent. */
    static <T> T resource(String path, Class<T> type) {
        try (InputStream in = ScalingJson.class.getResourceAsStream("/scaling/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no built-in " + path);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), type, "scaling/" + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scaling/" + path, e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
