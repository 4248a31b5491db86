package dev.janus.model.cli;

import dev.janus.model.config.ModelFamily;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded default model: the {@code small} Mixtral-family preset with seed 0, generated on
 * first use into {@code $JANUS_HOME/models/default-small-mixtral} (JANUS_HOME defaults to
 * {@code ~/.cache/janus}). It is loaded through the same code path as any HF checkpoint.
 */
public final class DefaultModel {

    public static final String NAME = "default-small-mixtral";

    private DefaultModel() {
    }

    public static Path directory() {
        String home = System.getenv("JANUS_HOME");
        Path base = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "janus");
        return base.resolve("models").resolve(NAME);
    }

    /** The default model's directory, generating it first when it does not exist yet. */
    public static Path ensure(PrintStream progress) {
        return ensure(directory(), progress);
    }

    /**
     * The default model generated into {@code dir} unless it is there already (docker-compose's
     * model-init writes it into a shared volume this way).
     */
    public static Path ensure(Path dir, PrintStream progress) {
        if (Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return dir;
        }
        progress.println("generating the embedded default model into " + dir + " (once)...");
        try {
            // generate beside the target, then move: a half-written model is never picked up
            Path tmp = Files.createDirectories(dir.toAbsolutePath().getParent()).resolve(NAME + ".tmp-" + ProcessHandle.current().pid());
            ModelGenerator.generate(MakeModelRequest.of(ModelPreset.SMALL, ModelFamily.MIXTRAL, 0, tmp), progress);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another process (e.g. several services started together) finished first: the
                // model is deterministic, so theirs is identical to ours (the error type for a
                // non-empty target differs between file systems)
                if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
                    throw raced;
                }
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the default model in " + dir, e);
        }
        return dir;
    }

    private static void deleteTree(Path tmp) throws IOException {
        try (var files = Files.walk(tmp)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
