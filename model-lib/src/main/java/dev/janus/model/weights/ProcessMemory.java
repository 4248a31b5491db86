package dev.janus.model.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What Linux says about this process's memory ({@code /proc/self/smaps_rollup}). */
public final class ProcessMemory {

    private static final Path ROLLUP = Path.of("/proc/self/smaps_rollup");

    private ProcessMemory() {
    }

    /** Anonymous memory backed by transparent huge pages, in bytes; empty where Linux does not say. */
    public static Optional<Long> anonHugePages() {
        try {
            return Files.readAllLines(ROLLUP).stream().filter(l -> l.startsWith("AnonHugePages:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024L).findFirst(); // "AnonHugePages:  2048 kB"
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
