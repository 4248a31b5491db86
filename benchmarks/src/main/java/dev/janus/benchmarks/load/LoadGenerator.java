package dev.janus.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load generator for an OpenAI-compatible server: N concurrent streaming /v1/completions,
 * output tokens/s, requests/s, TTFT and TPOT percentiles; with two URLs, ABBA rounds and the
 * ratios B/A from the same run (e.g. the gateway against attention-service directly).
 * Results on stdout, progress on stderr; errors are one line, exit code 1.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends concurrent streaming completions and reports tokens/s, TTFT and TPOT percentiles.")
public final class LoadGenerator implements Callable<Integer> {

    @Option(names = "--url", split = ",", required = true, paramLabel = "URL",
            description = "server base URL, e.g. http://localhost:8080; twice (or A,B) to compare B against A")
    List<String> urls;
    @Option(names = "--concurrency", split = ",", defaultValue = "1", paramLabel = "N",
            description = "concurrent streams; a list (1,16) measures each level (default ${DEFAULT-VALUE})")
    List<Integer> concurrency;
    @Option(names = "--requests", defaultValue = "0", paramLabel = "N",
            description = "requests per run and level; 0 = 4 per stream, at least 8 (default)")
    int requests;
    @Option(names = "--rounds", defaultValue = "2", paramLabel = "N",
            description = "timed runs per URL and level; two URLs alternate ABBA (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--max-tokens", defaultValue = "64", paramLabel = "N", description = "output tokens per request, ignore_eos (default ${DEFAULT-VALUE})")
    int maxTokens;
    @Option(names = "--prompt-tokens", defaultValue = "32", paramLabel = "N", description = "prompt length in token ids (default ${DEFAULT-VALUE})")
    int promptTokens;
    @Option(names = "--model", paramLabel = "ID", description = "model id (default: the first of the first URL's /v1/models)")
    String model;
    @Option(names = "--warmup", defaultValue = "8", paramLabel = "N",
            description = "untimed requests per URL before each level (default ${DEFAULT-VALUE})")
    int warmup;

    private final PrintStream out;
    private final PrintStream err;

    LoadGenerator(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        List<URI> targets = targets();
        if (concurrency.stream().anyMatch(c -> c < 1) || requests < 0 || rounds < 1 || maxTokens < 1
                || promptTokens < 1 || warmup < 0) {
            throw new LoadException("--concurrency, --rounds, --max-tokens, --prompt-tokens must be >= 1; --requests, --warmup >= 0");
        }
        ObjectMapper json = new ObjectMapper();
        StreamingClient client = new StreamingClient(json);
        String modelId = model;
        for (URI target : targets) {
            String listed = client.firstModel(target); // also a reachability check, before any timing
            modelId = modelId == null ? listed : modelId;
        }
        Workload workload = new Workload(modelId, promptTokens, maxTokens);
        out.printf("load: model %s, prompt %d tokens, %d output tokens per request (ignore_eos, greedy), %d run(s) per URL%s%n",
                modelId, promptTokens, maxTokens, rounds, targets.size() == 2 ? " alternating ABBA" : "");
        for (int t = 0; t < targets.size(); t++) {
            out.println("  " + ReportTable.label(t) + " = " + targets.get(t));
        }
        out.println("load average at start: " + LoadAverage.now());
        LoadSession session = new LoadSession(client, json, targets, workload, err);
        List<LoadSession.Level> levels = new ArrayList<>();
        for (int c : concurrency) {
            if (warmup > 0) {
                // per level: the JIT compiles the batch-1 and the batched paths of the server separately
                session.warmUp(warmup, c);
            }
            levels.add(session.measure(c, requests > 0 ? requests : Math.max(8, 4 * c), rounds));
        }
        ReportTable.print(out, targets, levels);
        out.println("load average at end:   " + LoadAverage.now());
        return failures(levels);
    }

    private List<URI> targets() {
        if (urls.size() > 2) {
            throw new LoadException("at most two URLs (A and B), got " + urls.size());
        }
        List<URI> targets = new ArrayList<>();
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new LoadException("--url '" + url + "' is not a URL");
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new LoadException("--url '" + url + "' is not an http(s)://host[:port] URL");
            }
            targets.add(uri);
        }
        return targets;
    }

    private int failures(List<LoadSession.Level> levels) {
        int failed = 0;
        int shortRequests = 0;
        String first = null;
        for (LoadSession.Level level : levels) {
            for (RunStats s : level.perTarget()) {
                failed += s.errors();
                shortRequests += s.shortRequests();
                first = first == null ? s.firstError() : first;
            }
        }
        if (shortRequests > 0) {
            err.println("warning: " + shortRequests + " requests returned fewer than " + maxTokens
                    + " tokens (does the server honour ignore_eos?); their TPOT counts fewer tokens");
        }
        if (failed > 0) {
            err.println("error: " + failed + " requests failed; the first: " + first);
            return 1;
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command on the given streams and returns its exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new LoadGenerator(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, given) -> {
            cli.getErr().println("error: " + e.getMessage() + " (see --help)");
            return 2; // a usage error, as run-local's
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // LoadException is the user's to fix: one line; anything else is a bug: its type too
            cmd.getErr().println("error: " + (e instanceof LoadException ? e.getMessage() : e.toString()));
            if (System.getenv("JANUS_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
