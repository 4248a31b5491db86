package dev.janus.cli.compose;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./janus up}: docker-compose.yml's services as local processes (what ./run-local runs),
 * until Ctrl-C or until one of them stops.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run docker-compose.yml's services as local processes from their jars (Ctrl-C stops them).")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--file", defaultValue = "docker-compose.yml", description = "the compose file (default ${DEFAULT-VALUE})")
    Path composeFile;

    @Option(names = "--env-file", description = "variables for the file (default: .env beside it, when there is one)")
    Path envFile;

    @Option(names = "--model", description = "an HF model directory instead of the default model")
    Path model;

    @Option(names = "--experts", description = "MoE instances (expert-services); 0 = experts inside attention-service")
    Integer experts;

    @Option(names = "--attention", description = "attention-service instances on this node, 1..9")
    Integer attention;

    @Option(names = "--repository", description = "where the services' jars are built (default: the compose file's folder)")
    Path repository;

    @Option(names = "--state", description = "logs and named volumes (default: <compose folder>/out/compose)")
    Path state;

    @Option(names = "--dry-run-scaler", description = "keep scaler-service on the file's dry-run actuator "
            + "(default: its local actuator starts and stops attention and expert instances here)")
    boolean dryRunScaler;

    @Option(names = "--start-timeout", defaultValue = "PT5M", description = "longest wait for one service (default ${DEFAULT-VALUE})")
    Duration startTimeout;

    private final PrintStream out;

    public UpCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Path file = composeFile.toAbsolutePath();
        Path dir = file.getParent();
        Map<String, String> variables = new LinkedHashMap<>();
        Path env = envFile != null ? envFile : dir.resolve(".env");
        if (envFile != null || Files.isRegularFile(env)) {
            variables.putAll(EnvFile.read(env));
        }
        variables.putAll(System.getenv()); // the shell's environment wins over the env file, as with compose
        if (model != null) {
            Path m = model.toAbsolutePath().normalize();
            variables.put("JANUS_MODELS", m.getParent().toString());
            variables.put("JANUS_MODEL", m.getFileName().toString());
        }
        ComposeFile compose = ComposeFile.load(file, variables);
        if (experts != null) {
            compose = TopologyOverrides.experts(compose, experts);
        }
        if (attention != null) {
            compose = TopologyOverrides.attention(compose, attention);
        }
        Path root = state != null ? state : dir.resolve("out").resolve("compose");
        var options = new LocalLauncher.Options(root.resolve("volumes"), root.resolve("logs"),
                JarLocator.repository(repository != null ? repository : dir),
                Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), true, startTimeout, out);
        LocalLauncher launcher = new LocalLauncher(compose, options);
        if (!dryRunScaler) {
            launcher.scaleLocally();
        }
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            out.println("stopping...");
            launcher.close();
            out.println("stopped.");
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        Map<String, LocalLauncher.Running> running;
        try {
            running = launcher.up();
        } catch (ComposeException e) {
            out.println("error: " + e.getMessage());
            return 1; // the shutdown hook stops what did start
        }
        out.println(SuiteUrls.describe(launcher.file(), variables));
        out.println("Ctrl-C stops everything.");
        CompletableFuture<?>[] exits = running.values().stream()
                .filter(r -> r.process().isAlive())
                .map(r -> r.process().onExit().thenAccept(p -> {
                    if (!stopping.get()) {
                        out.println(r.service().name() + " exited with " + p.exitValue() + ", see " + r.log());
                    }
                }))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.anyOf(exits).join();
        return 1;
    }
}
