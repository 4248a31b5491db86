package dev.janus.benchmarks.load;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The result table, and with two targets the ratios B/A of the same run. */
final class ReportTable {

    private ReportTable() {
    }

    static String label(int target) {
        return String.valueOf((char) ('A' + target));
    }

    static void print(PrintStream out, List<URI> targets, List<LoadSession.Level> levels) {
        out.println();
        out.println("conc  target  requests  failed  out tok/s    req/s   TTFT ms p50 / p90 / p99     TPOT ms p50 / p90 / p99");
        for (LoadSession.Level level : levels) {
            for (int t = 0; t < targets.size(); t++) {
                RunStats s = level.perTarget().get(t);
                out.println(String.format(Locale.ROOT, "%4d  %-6s  %8d  %6d  %9.1f  %7.2f   %s   %s", level.concurrency(),
                        label(t), s.requests(), s.errors(), s.tokensPerSecond(), s.requestsPerSecond(),
                        triple(s.ttftMs(), "%7.1f"), triple(s.tpotMs(), "%7.2f")));
            }
        }
        if (targets.size() == 2) {
            out.println();
            out.println("B/A  (B = " + targets.get(1) + ", A = " + targets.get(0) + "; 1.000 = no difference)");
            out.println("conc  TPOT p50          TTFT p50   out tok/s   TPOT p50 B/A per round (ABBA: A B, B A, ...)");
            for (LoadSession.Level level : levels) {
                RunStats a = level.perTarget().get(0);
                RunStats b = level.perTarget().get(1);
                double tpot = b.tpotMs().p50() / a.tpotMs().p50();
                out.println(String.format(Locale.ROOT, "%4d  %.3f (%+.1f %%)  %8.3f  %10.3f   %s", level.concurrency(), tpot,
                        (tpot - 1) * 100, b.ttftMs().p50() / a.ttftMs().p50(), b.tokensPerSecond() / a.tokensPerSecond(),
                        level.pairTpotRatio().stream().map(r -> String.format(Locale.ROOT, "%.3f", r))
                                .collect(Collectors.joining(" "))));
            }
        }
    }

    private static String triple(Percentiles p, String format) {
        return String.format(Locale.ROOT, format + " /" + format + " /" + format, p.p50(), p.p90(), p.p99());
    }
}
