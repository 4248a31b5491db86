package dev.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./janus simulate}, through {@link JanusMain}: the table, the CSV files and the charts. */
class SimulateCommandTest {

    @Test
    void printsTheTableAndWritesCsvAndCharts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sim");
        CliRun run = CliRun.janus("simulate", "--trace", "diurnal", "--rate", "20", "--hours", "2", "--slice-s", "2",
                "--model", "deepseek-v2-like", "--profile", "h100-sxm", "--slo-ms", "100", "--max-instances", "48",
                "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("monolithic", "static", "janus", "GPU-hours", "janus vs monolithic", "simulated in");
        for (String chart : List.of("gpus-over-time", "throughput-vs-attainment")) {
            assertThat(Files.size(out.resolve(chart + ".png"))).isPositive();
            assertThat(Files.readAllBytes(out.resolve(chart + ".png"))).startsWith(0x89, 'P', 'N', 'G');
            assertThat(Files.readString(out.resolve(chart + ".svg"))).contains("<svg");
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary).hasSize(4);
        for (String row : summary.subList(1, 4)) {
            String[] cells = row.split(",");
            assertThat(cells).hasSize(10);
            assertThat(Double.parseDouble(cells[2])).isPositive();
            assertThat(Double.parseDouble(cells[3])).isBetween(0.0, 1.0);
        }
        List<String> timeline = Files.readAllLines(out.resolve("timeline.csv"));
        assertThat(timeline).hasSize(1 + 120);
        assertThat(timeline.get(1).split(",")).hasSize(7);
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(1 + 5 * 3);
    }

    @Test
    void skewedRoutingIsReplayedAndNamed() {
        CliRun run = CliRun.janus("simulate", "--trace", "poisson", "--rate", "10", "--hours", "0.1",
                "--model", "deepseek-v2-like", "--slo-ms", "100", "--max-instances", "48", "--routing", "zipf:0.5");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("routing: zipf s=0.50 (replayed a_max), hottest expert 6.7", "janus vs monolithic");
    }

    @Test
    void aBadTraceFileIsOneClearError(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "arrival_time_s,prompt_tokens,output_tokens\n1,x,3\n");
        CliRun run = CliRun.janus("simulate", "--trace", trace.toString(), "--model", "deepseek-v2-like",
                "--slo-ms", "100");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(trace + ":2: prompt_tokens 'x' is not a whole number");
    }

    @Test
    void anUnknownPrefillModeNamesTheChoices() {
        CliRun run = CliRun.janus("simulate", "--trace", "poisson", "--rate", "5", "--hours", "0.1",
                "--model", "deepseek-v2-like", "--slo-ms", "100", "--prefill", "eager");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--prefill must be one of [chunked, separate], got 'eager'");
    }
}
