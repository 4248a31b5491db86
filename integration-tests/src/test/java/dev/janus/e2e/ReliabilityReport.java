package dev.janus.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reliability tests' figures, printed and appended as markdown to
 * {@code target/reliability/report.md} (docs/reliability.md quotes a run of it). How long each
 * phase runs comes from {@code -Djanus.reliability.phase-seconds} (CI: 8; the documented run: 20,
 * so at least 16 streams for 60 s).
 */
final class ReliabilityReport {

    private static final Path FILE = Path.of(System.getProperty("janus.e2e.logs", "target/e2e-logs"))
            .resolveSibling("reliability").resolve("report.md");

    private ReliabilityReport() {
    }

    static Duration phase() {
        return Duration.ofSeconds(Long.getLong("janus.reliability.phase-seconds", 8));
    }

    /** Load before the figures start (JIT, first connections): a phase, at most 10 s. */
    static Duration warmUp() {
        return phase().compareTo(Duration.ofSeconds(10)) < 0 ? phase() : Duration.ofSeconds(10);
    }

    static void record(String scenario, int streams, List<StreamingLoad.Figures> figures, Map<String, Long> errors,
                       String... notes) {
        StringBuilder md = new StringBuilder("\n### ").append(scenario).append("\n\n")
                .append(streams).append(" streams, ").append(phase().toSeconds()).append(" s per phase after a ")
                .append(warmUp().toSeconds()).append(" s warm-up\n\n")
                .append("| phase | requests | failed | wrong output | TPOT p50 ms | TPOT p99 ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (StreamingLoad.Figures f : figures) {
            md.append(String.format("| %s | %d | %d | %d | %.1f | %.1f |%n", f.phase(), f.requests(), f.failed(), f.wrong(),
                    f.tpotP50Millis(), f.tpotP99Millis()));
        }
        if (!errors.isEmpty()) {
            md.append("\nErrors seen by clients:\n\n");
            errors.forEach((error, count) -> md.append("- ").append(count).append(" × `").append(error).append("`\n"));
        }
        for (String note : notes) {
            md.append("\n").append(note).append("\n");
        }
        append(md.toString());
    }

    /** Any other markdown for the report (printed too). */
    static void append(String md) {
        System.out.print(md);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, md, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
