package dev.janus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * model-lib's tiny-mixtral fixture (PyTorch-checked golden greedy tokens), copied into a folder
 * named {@value #ID}: attention-service names the served model after its directory.
 */
final class TinyMixtral {

    static final String ID = "tiny-mixtral";

    /** One golden prompt: its ids and the greedy tokens (with their logprobs) the reference produced. */
    record Golden(int[] ids, int[] greedy, double[] logprobs) {

        List<Long> idList() {
            return Arrays.stream(ids).asLongStream().boxed().toList();
        }
    }

    private final JsonNode golden = Fixtures.golden(ID);
    private final Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(ID));

    /** Copies the fixture to {@code parent}/tiny-mixtral and returns that directory. */
    static Path copyTo(Path parent) {
        Path target = parent.resolve(ID);
        try (Stream<Path> files = Files.list(Fixtures.dir(ID))) {
            Files.createDirectories(target);
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    Golden golden(String name) {
        for (JsonNode prompts : List.of(golden.get("prompts"), golden.get("batch").get("prompts"))) {
            for (JsonNode p : prompts) {
                if (p.get("name").asText().equals(name)) {
                    JsonNode g = p.get("greedy");
                    double[] lp = new double[g.get("ids").size()];
                    for (int i = 0; i < lp.length; i++) {
                        lp[i] = g.has("logprobs") ? g.get("logprobs").get(i).asDouble() : Double.NaN;
                    }
                    return new Golden(Fixtures.ints(p.get("ids")), Fixtures.ints(g.get("ids")), lp);
                }
            }
        }
        throw new IllegalArgumentException("no golden prompt " + name);
    }

    /** Every single prompt of the fixture with its golden greedy tokens. */
    List<Golden> prompts() {
        List<Golden> out = new java.util.ArrayList<>();
        for (JsonNode p : golden.get("prompts")) {
            out.add(new Golden(Fixtures.ints(p.get("ids")), Fixtures.ints(p.get("greedy").get("ids")), null));
        }
        return out;
    }

    /** The golden text of each of {@link #prompts()}. */
    List<String> expectedTexts() {
        return prompts().stream().map(g -> decode(g.greedy())).toList();
    }

    String decode(int[] ids) {
        return tokenizer.decode(ids, true);
    }
}
