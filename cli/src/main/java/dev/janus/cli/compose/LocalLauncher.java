package dev.janus.cli.compose;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a compose file's services as local processes: every {@code janus/*} image from its jar
 * with the service's environment and command ({@link LocalMapping}), in {@code depends_on} order,
 * waiting for each condition the way compose does (service_healthy: the service's own healthcheck
 * command, run here; service_completed_successfully: exit 0). PostgreSQL and Redis are the
 * machine's ({@link BackingService}); Prometheus and Grafana have no local stand-in.
 */
public final class LocalLauncher implements AutoCloseable {

    /**
     * @param fallbacks    when a backing service is unreachable: run its dependents without it (else fail)
     * @param startTimeout the longest any one service may take to become healthy (at least its healthcheck's patience)
     */
    public record Options(Path volumesRoot, Path logs, JarLocator jars, Path java, List<String> jvmArgs,
                          boolean fallbacks, Duration startTimeout, PrintStream log) {}

    /** One started process and the environment it was given. */
    public record Running(ComposeService service, Map<String, String> environment, Process process, Path log) {}

    private static final List<String> JVM_FLAGS = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");
    private static final List<String> INHERITED = List.of("PATH", "HOME", "TMPDIR", "LANG", "JAVA_HOME");

    private final Options options;
    private ComposeFile file;
    private final LocalMapping mapping;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Set<String> satisfied = new LinkedHashSet<>();

    public LocalLauncher(ComposeFile file, Options options) {
        this.file = file;
        this.options = options;
        this.mapping = new LocalMapping(file.services().keySet(), file.directory(), options.volumesRoot());
    }

    /** Starts every service in dependency order and returns once the last one is started (healthy where a dependent needs it). */
    public Map<String, Running> up() {
        try {
            Files.createDirectories(options.logs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : order()) {
            ComposeService s = file.service(name);
            if (BackingService.CONTAINER_ONLY.stream().anyMatch(s.imageName()::equals)) {
                options.log().println(name + ": not started locally (" + s.imageName() + " runs only in containers)");
                satisfied.add(name);
                continue;
            }
            var backing = BackingService.of(s);
            if (backing.isPresent()) {
                useOrFallBack(s, backing.get());
                continue;
            }
            if (!s.imageName().startsWith("janus/")) {
                throw new ComposeException(name + ": image " + s.image() + " has no local stand-in");
            }
            for (Map.Entry<String, String> dep : file.service(name).dependsOn().entrySet()) {
                await(dep.getKey(), dep.getValue());
            }
            running.put(name, start(file.service(name)));
        }
        // what nobody depends on (the gateway) is awaited too: up() returns a usable suite
        for (Running r : running.values()) {
            if (r.service().healthcheck() != null && !satisfied.contains(r.service().name())) {
                await(r.service().name(), ComposeService.HEALTHY);
            }
        }
        return Map.copyOf(running);
    }

    public Map<String, Running> running() {
        return Map.copyOf(running);
    }

    /** The compose file as it was run: with backing-service fallbacks applied. */
    public ComposeFile file() {
        return file;
    }

    /** Stops every process, the last started first (SIGTERM: graceful shutdown; killed after 30 s). */
    @Override
    public void close() {
        List<Running> all = new ArrayList<>(running.values());
        for (Running r : all.reversed()) {
            r.process().destroy();
        }
        for (Running r : all.reversed()) {
            try {
                if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                r.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void useOrFallBack(ComposeService s, BackingService b) {
        if (b.reachable()) {
            options.log().println(s.name() + ": using this machine's server on 127.0.0.1:" + b.port());
            satisfied.add(s.name());
            return;
        }
        if (!options.fallbacks()) {
            throw new ComposeException(s.name() + ": nothing listens on 127.0.0.1:" + b.port()
                    + " (start the machine's " + b.imagePrefix() + " server)");
        }
        Map<String, ComposeService> next = new LinkedHashMap<>();
        file.services().forEach((name, other) -> {
            if (other.dependsOn().containsKey(s.name())) {
                options.log().println(s.name() + ": nothing listens on 127.0.0.1:" + b.port() + ", so " + name + " uses "
                        + b.fallback());
                Map<String, String> env = new LinkedHashMap<>(other.environment());
                env.keySet().removeIf(k -> k.startsWith(b.dropPrefix()));
                Map<String, String> deps = new LinkedHashMap<>(other.dependsOn());
                deps.remove(s.name());
                other = other.withEnvironment(env).withDependsOn(deps);
            }
            next.put(name, other);
        });
        file = file.withServices(next);
    }

    /**
     * scaler-service starts and stops attention and expert instances as processes here, each as
     * this launcher starts the file's first one ({@link LocalScaling}), instead of the file's dry run.
     */
    public void scaleLocally() {
        file = LocalScaling.apply(file, this::argv, mapping::environment, options.logs().resolve("scaled"));
    }

    /** How a service is started here: java, flags, its jar, its command (volumes and service names mapped). */
    private List<String> argv(ComposeService s) {
        List<String> argv = new ArrayList<>();
        argv.add(options.java().toString());
        argv.addAll(JVM_FLAGS);
        argv.addAll(options.jvmArgs());
        argv.add("-jar");
        argv.add(options.jars().jar(s).toString());
        argv.addAll(mapping.command(s));
        return argv;
    }

    private Running start(ComposeService s) {
        List<String> argv = argv(s);
        Map<String, String> env = mapping.environment(s);
        Path log = options.logs().resolve(s.name() + ".log");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb, env);
        try {
            options.log().println(s.name() + ": starting (log " + log + ")");
            return new Running(s, env, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + s.name(), e);
        }
    }

    private void await(String name, String condition) {
        if (satisfied.contains(name) || condition.equals(ComposeService.STARTED)) {
            return;
        }
        Running r = running.get(name);
        if (r == null) {
            throw new ComposeException(name + " was not started");
        }
        if (condition.equals(ComposeService.COMPLETED)) {
            awaitExit(r);
        } else {
            awaitHealthy(r);
        }
        satisfied.add(name);
    }

    private void awaitExit(Running r) {
        try {
            if (!r.process().waitFor(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ComposeException(r.service().name() + " did not finish in " + options.startTimeout() + ", see " + r.log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComposeException("interrupted waiting for " + r.service().name());
        }
        if (r.process().exitValue() != 0) {
            throw new ComposeException(r.service().name() + " exited with " + r.process().exitValue() + ", see " + r.log());
        }
        options.log().println(r.service().name() + ": completed");
    }

    /** Runs the service's compose healthcheck here every interval until it passes, the process dies, or time is up. */
    private void awaitHealthy(Running r) {
        Healthcheck hc = r.service().healthcheck();
        if (hc == null) {
            throw new ComposeException(r.service().name() + " has no healthcheck, but a dependent waits for service_healthy");
        }
        Duration patience = hc.patience().compareTo(options.startTimeout()) > 0 ? hc.patience() : options.startTimeout();
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (true) {
                if (!r.process().isAlive()) {
                    throw new ComposeException(r.service().name() + " exited with " + r.process().exitValue()
                            + " before it was healthy, see " + r.log());
                }
                if (check(hc, r.environment())) {
                    options.log().println(r.service().name() + ": healthy");
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new ComposeException(r.service().name() + " not healthy after " + patience + ", see " + r.log());
                }
                Thread.sleep(Math.min(hc.interval().toMillis(), 1000)); // the healthcheck's own pace, at most 1 s here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComposeException("interrupted waiting for " + r.service().name());
        }
    }

    /** One run of the healthcheck command with the service's environment (its $SERVER_PORT); true on exit 0. */
    static boolean check(Healthcheck hc, Map<String, String> env) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(hc.command()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        environment(pb, env);
        try {
            Process p = pb.start();
            if (!p.waitFor(hc.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new ComposeException("cannot run healthcheck " + hc.command() + ": " + e.getMessage(), e);
        }
    }

    // a container sees only its image's and the file's environment: so does the process (plus PATH and the like)
    private static void environment(ProcessBuilder pb, Map<String, String> env) {
        Map<String, String> target = pb.environment();
        Map<String, String> inherited = new LinkedHashMap<>();
        INHERITED.forEach(k -> {
            if (System.getenv(k) != null) {
                inherited.put(k, System.getenv(k));
            }
        });
        target.clear();
        target.putAll(inherited);
        target.putAll(env);
    }

    /** Services in an order where each comes after what it depends on (file order otherwise). */
    private List<String> order() {
        List<String> out = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String name : file.services().keySet()) {
            visit(name, out, visiting);
        }
        return out;
    }

    private void visit(String name, List<String> out, Set<String> visiting) {
        if (out.contains(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new ComposeException("depends_on cycle through " + visiting);
        }
        for (String dep : file.service(name).dependsOn().keySet()) {
            visit(dep, out, visiting);
        }
        visiting.remove(name);
        out.add(name);
    }
}
