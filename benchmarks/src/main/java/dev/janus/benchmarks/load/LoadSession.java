package dev.janus.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Warm-up, then per concurrency level {@code rounds} timed runs per target. With two targets the
 * runs alternate A B B A A B B A ...: a drift of the machine's load over time then weighs on both
 * alike, and every pair of neighbouring runs gives a ratio of its own (the spread of those ratios
 * shows the noise).
 */
final class LoadSession {

    /** Requests of the warm-up use other prompts than the timed runs. */
    private static final int WARMUP_INDEX = 1_000_000;

    /**
     * @param concurrency   concurrent streams
     * @param requests      requests per run
     * @param perTarget     stats per target, pooled over its runs
     * @param pairTpotRatio B/A of TPOT p50 per round (A's and B's k-th runs); empty with one target
     */
    record Level(int concurrency, int requests, List<RunStats> perTarget, List<Double> pairTpotRatio) { }

    private final StreamingClient client;
    private final ObjectMapper json;
    private final List<URI> targets;
    private final Workload workload;
    private final PrintStream progress;

    LoadSession(StreamingClient client, ObjectMapper json, List<URI> targets, Workload workload, PrintStream progress) {
        this.client = client;
        this.json = json;
        this.targets = targets;
        this.workload = workload;
        this.progress = progress;
    }

    void warmUp(int requests, int concurrency) {
        for (URI target : targets) {
            progress.printf("concurrency %d, warm-up: %d requests to %s%n", concurrency, requests, target);
            LoadRun run = LoadRun.run(client, target, i -> workload.body(json, WARMUP_INDEX + i),
                    Math.min(requests, concurrency), requests);
            RunStats stats = RunStats.of(List.of(run), workload.maxTokens());
            if (stats.errors() > 0) {
                throw new LoadException(stats.errors() + " of " + requests + " warm-up requests to " + target
                        + " failed: " + stats.firstError());
            }
        }
    }

    Level measure(int concurrency, int requests, int rounds) {
        List<List<LoadRun>> runs = new ArrayList<>();
        targets.forEach(t -> runs.add(new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < targets.size(); k++) {
                int t = round % 2 == 0 ? k : targets.size() - 1 - k; // ABBA
                LoadRun run = LoadRun.run(client, targets.get(t), i -> workload.body(json, i), concurrency, requests);
                runs.get(t).add(run);
                RunStats one = RunStats.of(List.of(run), workload.maxTokens());
                progress.printf("concurrency %d, %s run %d/%d: %d requests, %d failed, %.1f s, TPOT p50 %.2f ms%n",
                        concurrency, ReportTable.label(t), round + 1, rounds, requests, one.errors(), run.wallNanos() / 1e9,
                        one.tpotMs().p50());
            }
        }
        List<RunStats> perTarget = runs.stream().map(r -> RunStats.of(r, workload.maxTokens())).toList();
        List<Double> pairs = new ArrayList<>();
        if (targets.size() == 2) {
            for (int round = 0; round < rounds; round++) {
                double a = RunStats.of(List.of(runs.get(0).get(round)), workload.maxTokens()).tpotMs().p50();
                double b = RunStats.of(List.of(runs.get(1).get(round)), workload.maxTokens()).tpotMs().p50();
                pairs.add(b / a);
            }
        }
        return new Level(concurrency, requests, perTarget, pairs);
    }
}
