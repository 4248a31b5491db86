package dev.janus.placement.stats;

import dev.janus.comm.stats.ActivationSnapshot;
import java.net.URI;
import java.time.Instant;

/**
 * The last poll of one attention-service.
 *
 * @param uri           the instance
 * @param lastPollAt    when it was last asked
 * @param lastSuccessAt when it last answered with a snapshot, or null
 * @param error         why the last poll failed, or null
 * @param snapshot      its last snapshot (its own sliding window), or null
 */
public record InstancePoll(URI uri, Instant lastPollAt, Instant lastSuccessAt, String error,
                           ActivationSnapshot snapshot) {

    InstancePoll succeeded(Instant at, ActivationSnapshot s) {
        return new InstancePoll(uri, at, at, null, s);
    }

    InstancePoll failed(Instant at, String why) {
        return new InstancePoll(uri, at, lastSuccessAt, why, snapshot);
    }
}
