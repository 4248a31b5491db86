package dev.janus.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One service run from its executable jar as a child JVM, as ./run-local runs it. Readiness is
 * Spring Boot's "Started … in … seconds" line on its output (no polling); the output also goes
 * to {@code janus.e2e.logs}/NAME.log for post-mortems. Every child gets the same internal token
 * in its environment ({@code MOE_INTERNAL_TOKEN}, as ./run-local passes it), so the control plane
 * between them works and stays closed to others.
 */
final class ServiceProcess implements AutoCloseable {

    /** moe.internal.token of every child process. */
    static final String INTERNAL_TOKEN = "e2e-internal-token";

    private final String name;
    private final Process process;
    private final int port;
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        Thread.ofPlatform().daemon().name(name + "-output").start(() -> pump(log));
        process.onExit().thenRun(() -> started.completeExceptionally(
                new IllegalStateException(name + " exited with " + process.exitValue() + " before it started, see " + log)));
    }

    /** Starts {@code jarProperty}'s jar on a free port with {@code args} and waits until it has started. */
    static ServiceProcess start(String name, String jarProperty, List<String> args) {
        return start(name, jarProperty, freePort(), args);
    }

    /** The same on a given HTTP port (a service restarted where its peers know it). */
    static ServiceProcess start(String name, String jarProperty, int port, List<String> args) {
        Path jar = Path.of(System.getProperty(jarProperty, "")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + "'s executable jar not found: " + jar + " (system property " + jarProperty + ")");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("janus.e2e.java", "java"),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "-jar", jar.toString(), "--server.port=" + port, "--spring.jmx.enabled=false"));
        command.addAll(args);
        Path logs = Path.of(System.getProperty("janus.e2e.logs", "target/e2e-logs"));
        try {
            Files.createDirectories(logs);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("MOE_INTERNAL_TOKEN", INTERNAL_TOKEN); // comm-lib InternalToken.ENVIRONMENT_VARIABLE
            Process p = builder.start();
            ServiceProcess service = new ServiceProcess(name, p, port, logs.resolve(name + ".log"));
            service.awaitStarted();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitStarted() {
        try {
            started.get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            close();
            throw new IllegalStateException(name + " did not start in 90 s", e);
        }
    }

    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                if (line.contains("Started ") && line.contains(" seconds")) {
                    started.complete(null);
                }
            }
        } catch (IOException e) {
            started.completeExceptionally(e);
        }
    }

    /** SIGKILL, as a crashed machine or an OOM kill: no shutdown hook, no drain; waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (graceful shutdown), then a kill if it lingers. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(25, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // a small race (the port is free when asked, taken by the child a moment later) that a test
    // machine can live with; the child fails loudly if it lost it
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
