package dev.janus.placement.stats;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/placement/stats/history?layer=N}: one layer's expert load at each of the
 * last polls, oldest first ({@link LoadHistory} says what a count means).
 *
 * @param experts        logical experts per layer (the current epoch's)
 * @param pollIntervalMs how often the statistics are polled
 * @param capacity       polls kept at most
 * @param polls          oldest first
 */
public record LoadHistoryView(int layer, int experts, long pollIntervalMs, int capacity, List<Poll> polls) {

    /**
     * @param at          when the poll finished
     * @param windowMs    the sliding window the counts cover (0 without counts)
     * @param merged      attention-services in the sum
     * @param totalRouted sum of {@code load}, or null
     * @param load        [E] tokens routed to each expert in the window that ended at {@code at};
     *                    null when the poll had no fresh snapshot of the current model's shape
     */
    public record Poll(Instant at, long windowMs, int merged, Long totalRouted, List<Long> load) {

        static Poll of(LoadHistory.Poll p, int layer, int layers, int experts) {
            if (!p.covers(layers, experts)) {
                return new Poll(p.at(), 0, 0, null, null);
            }
            Long[] load = new Long[experts];
            long total = 0;
            for (int e = 0; e < experts; e++) {
                load[e] = p.counts()[layer * experts + e];
                total += load[e];
            }
            return new Poll(p.at(), p.windowMillis(), p.merged(), total, List.of(load));
        }
    }
}
