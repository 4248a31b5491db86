package dev.janus.scaler.actuate;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of one pool on this machine: instance i runs {@code command} with {@code {index}},
 * {@code {port}} (basePort + i) and {@code {grpc_port}} (grpcBasePort + i) filled in, its output
 * appended to {@code logDir/<pool>-<i>.log}. The first {@code external} instances were started by
 * someone else (./run-local) and are counted but never stopped. Growing starts the lowest free
 * indices, shrinking stops the highest (SIGTERM, then a forced kill after {@code stopTimeout}) —
 * so an expert-service's index stays its MoE instance id. A process that exited by itself no
 * longer counts.
 */
public final class LocalProcesses {

    private static final Logger log = LoggerFactory.getLogger(LocalProcesses.class);

    /** One process this pool started. */
    public record Managed(int index, Process process, List<String> command) {}

    private final String pool;
    private final List<String> command;
    private final int external;
    private final int basePort;
    private final int grpcBasePort;
    private final Path logDir;
    private final Duration stopTimeout;
    private final TreeMap<Integer, Managed> running = new TreeMap<>();

    public LocalProcesses(String pool, List<String> command, int external, int basePort, int grpcBasePort, Path logDir,
                          Duration stopTimeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the " + pool + " pool needs a command (moe.scaler.local." + pool + ".command-line or .command)");
        }
        this.pool = pool;
        this.command = List.copyOf(command);
        this.external = external;
        this.basePort = basePort;
        this.grpcBasePort = grpcBasePort;
        this.logDir = logDir;
        this.stopTimeout = stopTimeout;
    }

    /** Instances now: the external ones plus the started ones still alive. */
    public synchronized int size() {
        prune();
        return external + running.size();
    }

    /** The processes this pool started and that are alive, by index. */
    public synchronized List<Managed> managed() {
        prune();
        return List.copyOf(running.values());
    }

    /** Starts or stops processes until {@link #size} is {@code n} (never below the external ones); says what it did. */
    public synchronized String scaleTo(int n) {
        prune();
        List<String> done = new ArrayList<>();
        int target = Math.max(n, external);
        if (target != n) {
            done.add(pool + ": " + external + " external instances are not stopped");
        }
        for (int i = external; external + running.size() < target; i++) {
            if (!running.containsKey(i)) {
                Managed m = start(i);
                running.put(i, m);
                done.add("started " + pool + " " + i + " (pid " + m.process().pid() + ")");
            }
        }
        while (external + running.size() > target) {
            Managed m = running.pollLastEntry().getValue();
            stop(m);
            done.add("stopped " + pool + " " + m.index() + " (pid " + m.process().pid() + ")");
        }
        return done.isEmpty() ? pool + ": unchanged at " + size() : String.join(", ", done);
    }

    /** Stops every started process (the service is shutting down). */
    public synchronized void stopAll() {
        while (!running.isEmpty()) {
            stop(running.pollLastEntry().getValue());
        }
    }

    /** The command of instance {@code index}, placeholders filled in. */
    public List<String> commandFor(int index) {
        Map<String, String> values = Map.of("{index}", Integer.toString(index), "{port}",
                Integer.toString(basePort + index), "{grpc_port}", Integer.toString(grpcBasePort + index));
        return command.stream().map(arg -> {
            String a = arg;
            for (Map.Entry<String, String> e : values.entrySet()) {
                a = a.replace(e.getKey(), e.getValue());
            }
            return a;
        }).toList();
    }

    private Managed start(int index) {
        List<String> cmd = commandFor(index);
        try {
            Files.createDirectories(logDir);
            File out = logDir.resolve(pool + "-" + index + ".log").toFile();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start();
            log.info("started {} {} (pid {}): {}", pool, index, p.pid(), String.join(" ", cmd));
            return new Managed(index, p, cmd);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + pool + " " + index + ": " + String.join(" ", cmd), e);
        }
    }

    private void stop(Managed m) {
        Process p = m.process();
        p.destroy(); // SIGTERM: Spring's graceful shutdown drains in-flight requests
        try {
            if (!p.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} {} (pid {}) did not stop within {}; killing it", pool, m.index(), p.pid(), stopTimeout);
                p.destroyForcibly().waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        log.info("stopped {} {} (pid {})", pool, m.index(), p.pid());
    }

    private void prune() {
        running.values().removeIf(m -> {
            if (m.process().isAlive()) {
                return false;
            }
            log.warn("{} {} (pid {}) exited by itself with {}", pool, m.index(), m.process().pid(), m.process().exitValue());
            return true;
        });
    }
}
