package dev.janus.placement.stats;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.epoch.EpochRegistry;
import dev.janus.service.error.AdminException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Expert load, co-activation (top pairs, or the full matrix) and load over time of one layer. */
@RestController
class StatsController {

    private final StatsCollector collector;
    private final LoadHistory history;
    private final EpochRegistry registry;
    private final long pollIntervalMs;

    StatsController(StatsCollector collector, LoadHistory history, EpochRegistry registry,
                    PlacementServiceProperties props) {
        this.collector = collector;
        this.history = history;
        this.registry = registry;
        this.pollIntervalMs = props.stats().pollInterval().toMillis();
    }

    /** @param matrix also answer the full E x E co-activation matrix ({@link StatsView#coactivation}) */
    @GetMapping("/admin/placement/stats")
    StatsView stats(@RequestParam int layer, @RequestParam(defaultValue = "10") @Min(1) @Max(10_000) int top,
                    @RequestParam(defaultValue = "false") boolean matrix) {
        PlacementEpoch epoch = requireLayer(layer);
        int experts = epoch.logicalExperts();
        StatsCollector.Merged merged = collector.merged(epoch.layers(), experts);
        ActivationSnapshot s = merged.snapshot();
        List<Long> load = new ArrayList<>();
        List<StatsView.Pair> pairs = new ArrayList<>();
        long total = 0;
        for (int e = 0; e < experts; e++) {
            long n = s == null ? 0 : s.count(layer, e);
            load.add(n);
            total += n;
            for (int f = e + 1; s != null && f < experts; f++) {
                long both = s.coactivation(layer, e, f);
                if (both > 0) {
                    pairs.add(new StatsView.Pair(List.of(e, f), both));
                }
            }
        }
        pairs.sort(Comparator.comparingLong(StatsView.Pair::tokens).reversed());
        return new StatsView(layer, experts, s == null ? 0 : s.windowMillis(), total, load,
                pairs.subList(0, Math.min(top, pairs.size())), matrix ? matrix(s, layer, experts) : null,
                merged.from(), collector.instances().stream().map(StatsView.Instance::of).toList());
    }

    @GetMapping("/admin/placement/stats/history")
    LoadHistoryView history(@RequestParam int layer) {
        PlacementEpoch epoch = requireLayer(layer);
        return new LoadHistoryView(layer, epoch.logicalExperts(), pollIntervalMs, history.capacity(),
                history.polls().stream()
                        .map(p -> LoadHistoryView.Poll.of(p, layer, epoch.layers(), epoch.logicalExperts())).toList());
    }

    private PlacementEpoch requireLayer(int layer) {
        PlacementEpoch epoch = registry.require();
        if (layer < 0 || layer >= epoch.layers()) {
            throw AdminException.notFound("Layer " + layer + " does not exist; the model has " + epoch.layers()
                    + " MoE layers (0.." + (epoch.layers() - 1) + ").");
        }
        return epoch;
    }

    /** Symmetric, diagonal = the expert's own load (ActivationSnapshot.coactivation(l, e, e)); zeros without data. */
    private static List<List<Long>> matrix(ActivationSnapshot s, int layer, int experts) {
        List<List<Long>> rows = new ArrayList<>(experts);
        for (int a = 0; a < experts; a++) {
            Long[] row = new Long[experts];
            Arrays.fill(row, 0L);
            for (int b = 0; s != null && b < experts; b++) {
                row[b] = s.coactivation(layer, a, b);
            }
            rows.add(List.of(row));
        }
        return rows;
    }
}
