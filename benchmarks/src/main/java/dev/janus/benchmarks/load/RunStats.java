package dev.janus.benchmarks.load;

import java.util.List;

/**
 * One target at one concurrency, pooled over its runs: throughput over the runs' summed wall
 * time, TTFT and TPOT percentiles over all successful requests.
 *
 * @param requests   requests sent
 * @param errors     requests that failed
 * @param firstError the first failure's message, null when none failed
 * @param tokens     output tokens received
 * @param shortRequests successful requests with fewer tokens than asked
 * @param wallNanos  summed wall time of the runs
 * @param ttftMs     time to first token, ms
 * @param tpotMs     time per output token after the first, ms
 */
record RunStats(int requests, int errors, String firstError, long tokens, int shortRequests, long wallNanos,
                Percentiles ttftMs, Percentiles tpotMs) {

    static RunStats of(List<LoadRun> runs, int expectedTokens) {
        int requests = 0;
        int errors = 0;
        int shortRequests = 0;
        String firstError = null;
        long tokens = 0;
        long wall = 0;
        List<RequestResult> ok = runs.stream().flatMap(r -> r.results().stream()).filter(RequestResult::ok).toList();
        for (LoadRun run : runs) {
            wall += run.wallNanos();
            for (RequestResult r : run.results()) {
                requests++;
                if (!r.ok()) {
                    errors++;
                    firstError = firstError == null ? r.error() : firstError;
                } else {
                    tokens += r.tokens();
                    shortRequests += r.tokens() < expectedTokens ? 1 : 0;
                }
            }
        }
        double[] ttft = ok.stream().mapToDouble(r -> r.ttftNanos() / 1e6).toArray();
        double[] tpot = ok.stream().filter(r -> !Double.isNaN(r.tpotNanos())).mapToDouble(r -> r.tpotNanos() / 1e6).toArray();
        return new RunStats(requests, errors, firstError, tokens, shortRequests, wall, Percentiles.of(ttft),
                Percentiles.of(tpot));
    }

    double tokensPerSecond() {
        return tokens / (wallNanos / 1e9);
    }

    double requestsPerSecond() {
        return (requests - errors) / (wallNanos / 1e9);
    }
}
