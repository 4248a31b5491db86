package dev.janus.model.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.janus.model.golden.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Fixture config.json files as mutable JSON trees, for building broken variants in tests. */
final class ConfigJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJson() {
    }

    /** A fresh, mutable copy of {@code fixtures/<fixture>/config.json}. */
    static ObjectNode fixture(String fixture) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(Fixtures.dir(fixture).resolve("config.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parseText(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
