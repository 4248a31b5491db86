package dev.janus.placement.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/placement/stats?layer=N}: one layer of the merged window.
 *
 * @param windowMs  the window the counts cover (each attention-service's own sliding window)
 * @param load      tokens routed to each logical expert, [E]
 * @param topPairs  the most co-activated expert pairs, most first
 * @param coactivation only with {@code matrix=true}: [E][E] tokens that chose both experts a and b,
 *                  symmetric; the diagonal [e][e] is expert e's own load (tokens that chose e)
 * @param merged    the attention-services whose snapshots are in the sum
 * @param instances every attention-service polled
 */
public record StatsView(int layer, int experts, long windowMs, long totalRouted, List<Long> load,
                        List<Pair> topPairs, @JsonInclude(JsonInclude.Include.NON_NULL) List<List<Long>> coactivation,
                        List<URI> merged, List<Instance> instances) {

    /** @param tokens tokens that chose both experts */
    public record Pair(List<Integer> experts, long tokens) {}

    /**
     * @param layers  shape of its last snapshot (0 when none)
     * @param error   why its last poll failed, or null
     */
    public record Instance(URI uri, Instant lastPollAt, Instant lastSuccessAt, String error, int layers, int experts) {

        static Instance of(InstancePoll p) {
            return new Instance(p.uri(), p.lastPollAt(), p.lastSuccessAt(), p.error(),
                    p.snapshot() == null ? 0 : p.snapshot().layers(), p.snapshot() == null ? 0 : p.snapshot().experts());
        }
    }
}
