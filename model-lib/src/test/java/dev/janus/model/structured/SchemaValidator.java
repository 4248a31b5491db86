package dev.janus.model.structured;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/** networknt's JSON Schema validator (draft 2020-12): the independent judge of constrained outputs. */
final class SchemaValidator {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private SchemaValidator() {
    }

    /** The validation errors of a JSON text (empty: valid); a text that does not parse is an error too. */
    static List<String> errors(String schema, String json) {
        Schema s = REGISTRY.getSchema(schema, InputFormat.JSON);
        try {
            return s.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
        } catch (RuntimeException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }
}
