package dev.janus.placement.rollout;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.placement.cluster.AttentionClient;
import dev.janus.placement.cluster.Parallel;
import dev.janus.placement.cluster.ServiceCallException;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.rollout.RolloutResult.AttentionStep;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * COMMIT of an epoch on every attention-service, in parallel, each retried up to
 * {@code commit-attempts} times (100 ms, 200 ms, ... apart): a commit is idempotent (committing
 * the current version again is a no-op there), so a lost answer is safe to retry. An instance
 * that refuses the connection on every attempt is not running: it holds no epoch, and when it
 * starts it reads the current one once it listens (attention-service's LatestEpochAtReady), so
 * it does not keep the previous epoch from being released.
 */
@Component
class Committer {

    private final AttentionClient attention;
    private final PlacementServiceProperties.Rollout props;

    Committer(AttentionClient attention, PlacementServiceProperties props) {
        this.attention = attention;
        this.props = props.rollout();
    }

    List<AttentionStep> commitAll(List<URI> targets, PlacementEpoch epoch) {
        Duration budget = props.commitTimeout().plusMillis(100L * props.commitAttempts())
                .multipliedBy(props.commitAttempts()).plusSeconds(1);
        return Parallel.call(targets, uri -> commit(uri, epoch), budget).stream()
                .map(o -> o.ok() ? o.value() : new AttentionStep(o.target(), false, true, props.commitAttempts(), o.message()))
                .toList();
    }

    private AttentionStep commit(URI uri, PlacementEpoch epoch) {
        String error = null;
        boolean refused = false;
        for (int attempt = 1; attempt <= props.commitAttempts(); attempt++) {
            try {
                attention.commit(uri, epoch);
                return new AttentionStep(uri, true, true, attempt, null);
            } catch (ServiceCallException e) {
                error = e.getMessage();
                refused = e.refused();
            } catch (RuntimeException e) {
                error = e.getMessage();
                refused = false;
            }
            if (attempt < props.commitAttempts() && !pause(Duration.ofMillis(100L * attempt))) {
                break;
            }
        }
        return refused ? new AttentionStep(uri, false, false, props.commitAttempts(), "not running (connection refused)")
                : new AttentionStep(uri, false, true, props.commitAttempts(), error);
    }

    /** Backoff between attempts (on the virtual thread of this commit); false when interrupted. */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
