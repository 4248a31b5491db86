package dev.janus.attention.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.ActivationStatistics;
import dev.janus.comm.stats.RecentRouting;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/activation-stats}: a fresh snapshot of the window for the placement
 * service, in {@link ActivationSnapshot#encode()}'s compact binary form (comm-lib documents it),
 * or with {@code ?format=json} for people: counts as [layer][expert] and the non-zero
 * co-activated pairs per layer as [i, j, tokens] with i &lt; j.
 */
@RestController
class ActivationStatsController {

    /** The JSON form. */
    record SnapshotJson(int layers, int experts, long windowMillis, long[][] counts, List<List<long[]>> coactivation) {
    }

    private final ActivationStatistics statistics;
    private final RecentRouting recent;

    ActivationStatsController(ActivationStatistics statistics, RecentRouting recent) {
        this.statistics = statistics;
        this.recent = recent;
    }

    /** The last routing decisions (moe.stats.recent-decisions), in RoutingTraceWriter's binary format. */
    @GetMapping("/internal/activation-stats/routing")
    ResponseEntity<byte[]> recentRouting() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(recent.encode());
    }

    @GetMapping("/internal/activation-stats")
    ResponseEntity<?> snapshot(@RequestParam(defaultValue = "binary") String format) {
        ActivationSnapshot s = statistics.snapshot();
        return switch (format) {
            case "binary" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(s.encode());
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json(s));
            default -> ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(
                    ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "format must be binary or json, not " + format));
        };
    }

    static SnapshotJson json(ActivationSnapshot s) {
        long[][] counts = new long[s.layers()][s.experts()];
        List<List<long[]>> pairs = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            List<long[]> layer = new ArrayList<>();
            for (int i = 0; i < s.experts(); i++) {
                counts[l][i] = s.count(l, i);
                for (int j = i + 1; j < s.experts(); j++) {
                    long n = s.coactivation(l, i, j);
                    if (n > 0) {
                        layer.add(new long[] {i, j, n});
                    }
                }
            }
            pairs.add(layer);
        }
        return new SnapshotJson(s.layers(), s.experts(), s.windowMillis(), counts, pairs);
    }
}
