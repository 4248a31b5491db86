package dev.janus.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The 1, 5 and 15 minute load averages (Linux /proc/loadavg): how much else ran during a run. */
final class LoadAverage {

    private LoadAverage() {
    }

    static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min; "
                    + Runtime.getRuntime().availableProcessors() + " processors)";
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
