package dev.janus.attention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tiny-mixtral fixture of model-lib (a PyTorch-checked checkpoint with golden greedy
 * tokens), read in place: the tests of this module run from attention-service/.
 */
public final class TinyModel {

    public static final Path DIR = Path.of("../model-lib/src/test/resources/fixtures/tiny-mixtral").toAbsolutePath().normalize();
    public static final String ID = "tiny-mixtral";
    private static final JsonNode GOLDEN = read();

    private TinyModel() {
    }

    /** One golden prompt: its ids and the 16 greedy tokens (with their logprobs) the reference produced. */
    public record Golden(int[] ids, String text, int[] greedy, double[] logprobs) {
    }

    public static Golden golden(String name) {
        for (JsonNode p : GOLDEN.get("prompts")) {
            if (p.get("name").asString().equals(name)) {
                return toGolden(p);
            }
        }
        for (JsonNode p : GOLDEN.get("batch").get("prompts")) {
            if (p.get("name").asString().equals(name)) {
                return toGolden(p);
            }
        }
        throw new IllegalArgumentException("no golden prompt " + name);
    }

    public static List<Golden> all() {
        List<Golden> out = new ArrayList<>();
        for (JsonNode p : GOLDEN.get("prompts")) {
            out.add(toGolden(p));
        }
        for (JsonNode p : GOLDEN.get("batch").get("prompts")) {
            out.add(toGolden(p));
        }
        return out;
    }

    private static Golden toGolden(JsonNode p) {
        JsonNode g = p.get("greedy");
        double[] lp = new double[g.get("ids").size()];
        for (int i = 0; i < lp.length; i++) {
            lp[i] = g.has("logprobs") ? g.get("logprobs").get(i).asDouble() : Double.NaN;
        }
        return new Golden(ints(p.get("ids")), p.path("text").asString(""), ints(g.get("ids")), lp);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static JsonNode read() {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(DIR.resolve("golden.json")));
        } catch (IOException e) {
            throw new IllegalStateException("tiny-mixtral fixture missing at " + DIR, e);
        }
    }
}
