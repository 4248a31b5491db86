package dev.janus.placement.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.placement.config.PlacementServiceProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Expert load over time: after every statistics poll, the merged per-layer load of that moment,
 * in a ring of the last {@code moe.placement-service.stats.history-polls} polls (the page's
 * load-over-time heatmap, {@code GET /admin/placement/stats/history}).
 *
 * <p>What one entry means: each attention-service already counts over its own sliding window
 * ({@code moe.stats.window}), so an entry is "tokens routed to expert e of layer l within the
 * window that ended at this poll", summed over the instances — a moving sum, not the tokens
 * since the previous poll. Differences between polls are not kept: a difference is the tokens
 * that entered the window minus those that slid out of it, which can be negative and means
 * nothing on its own. Only the counts are kept (not the E x E co-activation): L x E longs per poll.
 */
@Component
public class LoadHistory {

    /**
     * One poll.
     *
     * @param at           when the poll finished
     * @param layers       shape of the merged snapshot (0 when there was none)
     * @param experts      logical experts per layer (0 when there was none)
     * @param windowMillis the window the counts cover
     * @param merged       attention-services in the sum (0: no fresh snapshot, counts null)
     * @param counts       [layers * experts] tokens routed to each expert in the window, or null
     */
    public record Poll(Instant at, int layers, int experts, long windowMillis, int merged, long[] counts) {

        /** Whether this poll has counts for a model of {@code layers} x {@code experts}. */
        public boolean covers(int layers, int experts) {
            return counts != null && this.layers == layers && this.experts == experts;
        }
    }

    private final int capacity;
    private final Clock clock;
    private final ArrayDeque<Poll> ring;   // oldest first; guarded by this

    public LoadHistory(PlacementServiceProperties props, Clock clock) {
        this.capacity = props.stats().historyPolls();
        this.clock = clock;
        this.ring = new ArrayDeque<>(capacity);
    }

    @EventListener
    public void onPoll(StatsCollector.StatsPolled event) {
        record(event.source().merged(0, 0));
    }

    /** Appends the merged statistics of a poll that just finished, dropping the oldest past capacity. */
    public void record(StatsCollector.Merged merged) {
        ActivationSnapshot s = merged.snapshot();
        Poll poll = s == null ? new Poll(clock.instant(), 0, 0, 0, 0, null)
                : new Poll(clock.instant(), s.layers(), s.experts(), s.windowMillis(), merged.from().size(),
                        s.counts().clone());
        synchronized (this) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(poll);
        }
    }

    /** Oldest first. */
    public synchronized List<Poll> polls() {
        return List.copyOf(ring);
    }

    public int capacity() {
        return capacity;
    }
}
