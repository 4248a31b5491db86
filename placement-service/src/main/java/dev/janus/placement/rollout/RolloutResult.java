package dev.janus.placement.rollout;

import java.net.URI;
import java.util.List;

/**
 * What a rollout did.
 *
 * @param version          the new epoch's version
 * @param previousVersion  the epoch it replaced
 * @param source           plan, pin, replicas, rollback, auto
 * @param planId           the plan applied, or null
 * @param timings          milliseconds per phase
 * @param experts          prepare (and release of the previous version) per MoE instance
 * @param attention        commit per attention-service
 * @param previousReleased whether the previous version was released (only after every
 *                         attention-service confirmed; otherwise the reconciler releases it later)
 */
public record RolloutResult(long version, long previousVersion, String source, String planId, Timings timings,
                            List<ExpertStep> experts, List<AttentionStep> attention, boolean previousReleased) {

    public record Timings(long prepareMs, long commitMs, long releaseMs, long totalMs) {}

    /** @param hostedExperts replicas the instance maps in the new epoch */
    public record ExpertStep(int instance, URI uri, boolean prepared, Integer hostedExperts, boolean released,
                             String error) {}

    /**
     * @param running false when the instance refused the connection: no process listens there
     *                (a listed instance not started yet, or stopped), so it holds no epoch and does
     *                not hold the release up; it reads the current epoch when it starts
     */
    public record AttentionStep(URI uri, boolean committed, boolean running, int attempts, String error) {

        /** Whether the previous epoch may be released as far as this instance goes. */
        public boolean settled() {
            return committed || !running;
        }
    }

    /** Why an epoch is rolled out (the history entry's fields). */
    public record Origin(String source, String policy, String planId) {}
}
