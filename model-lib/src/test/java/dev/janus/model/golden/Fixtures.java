package dev.janus.model.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Access to the golden fixtures copied unchanged into src/test/resources/fixtures. */
public final class Fixtures {

    private Fixtures() {
    }

    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    /**
     * The fixture's directory. From another module's tests the fixtures come inside
     * model-lib's test jar: they are then copied once to a temporary directory.
     */
    public static Path dir(String name) {
        URI uri;
        try {
            uri = Fixtures.class.getResource("/fixtures/" + name).toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " is not on the test classpath", e);
        }
        if (!"jar".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        return EXTRACTED.computeIfAbsent(name, n -> extract(uri, n));
    }

    private static Path extract(URI jarUri, String name) {
        try {
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(jarUri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(jarUri);
            }
            Path source = fs.getPath("/fixtures/" + name);
            Path target = Files.createTempDirectory("janus-fixture-" + name);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract fixture " + name, e);
        }
    }

    public static JsonNode golden(String name) {
        try {
            return new ObjectMapper().readTree(Files.readString(dir(name).resolve("golden.json")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    /** log_softmax of one row, in double. */
    public static double[] logSoftmax(float[] logits, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        double lse = max + Math.log(sum);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logits[off + i] - lse;
        }
        return out;
    }

    public static int argmax(float[] logits, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[off + i] > logits[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
