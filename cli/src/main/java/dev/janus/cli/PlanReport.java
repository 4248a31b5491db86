package dev.janus.cli;

import dev.janus.comm.placement.policy.LayerEffect;
import dev.janus.comm.placement.policy.PlacementEvaluator;
import dev.janus.comm.placement.policy.PlanComparison;
import dev.janus.comm.placement.policy.PlanComparison.LayerChange;
import dev.janus.comm.placement.policy.PlanEffect;
import dev.janus.comm.scheduling.SchedulingPolicy;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The predicted effect as {@code plan} prints it, round-robin -> plan: every layer, or for many
 * layers the ones the plan helps least (highest a_max ratio), then the totals.
 */
final class PlanReport {

    static final int EVERY_LAYER_UP_TO = 16;
    static final int LEAST_HELPED = 8;

    private PlanReport() {
    }

    static void print(PrintStream out, PlanEffect before, PlanEffect after) {
        PlanComparison comparison = PlacementEvaluator.compare(before, after);
        List<LayerChange> rows = comparison.layers();
        long batches = rows.stream().mapToLong(r -> r.before().batches()).sum();
        out.printf(Locale.ROOT, "predicted effect, round-robin -> plan, replaying %d batches through %s:%n",
                batches, SchedulingPolicy.DEFAULT.configName());
        if (rows.size() > EVERY_LAYER_UP_TO) {
            out.printf(Locale.ROOT, "the %d of %d layers the plan helps least:%n", LEAST_HELPED, rows.size());
            rows = rows.stream().sorted(Comparator.comparingDouble(LayerChange::meanAMaxRatio).reversed()
                    .thenComparingInt(LayerChange::layer)).limit(LEAST_HELPED).toList();
        }
        String columns = "%5s  %7s  %16s  %10s  %26s  %20s%n";
        out.printf(columns, "layer", "batches", "mean a_max", "p99 a_max", "mean max tokens/instance", "max tokens/instance");
        for (LayerChange row : rows) {
            LayerEffect b = row.before();
            LayerEffect a = row.after();
            out.printf(columns, row.layer(), b.batches(), change("%.2f", b.meanAMax(), a.meanAMax()),
                    change("%.0f", b.p99AMax(), a.p99AMax()), change("%.1f", b.meanMaxTokens(), a.meanMaxTokens()),
                    change("%d", b.maxTokens(), a.maxTokens()));
        }
        out.printf(Locale.ROOT, "all layers: mean a_max %.2f -> %.2f (x%.2f), mean max tokens/instance %.1f -> %.1f%n",
                comparison.meanAMaxBefore(), comparison.meanAMaxAfter(), comparison.meanAMaxRatio(),
                before.meanMaxTokens(), after.meanMaxTokens());
    }

    /** "before -> after" in one format. */
    private static String change(String format, Object before, Object after) {
        return String.format(Locale.ROOT, format + " -> " + format, before, after);
    }
}
