package dev.janus.attention.placement;

import dev.janus.attention.config.RemoteExperts;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The attention side of a placement switch (DESIGN.md §10), called by placement-service once
 * every MoE instance has prepared the new epoch. COMMIT makes it current for every later layer
 * step (steps running finish under theirs) and answers once no step uses the previous epoch, so
 * that placement-service may then release it on the MoE instances.
 */
@RestController
class PlacementController {

    private static final Logger log = LoggerFactory.getLogger(PlacementController.class);
    /** Longest a commit waits for the previous epoch's steps (a step is bounded by moe.experts.deadline). */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    private final @Nullable RemoteExperts experts;

    PlacementController(ObjectProvider<RemoteExperts> experts) {
        this.experts = experts.getIfAvailable();
    }

    @GetMapping(path = "/internal/placement/current", produces = MediaType.APPLICATION_JSON_VALUE)
    String current() {
        return PlacementJson.encode(remote().placement().get());
    }

    @PutMapping(path = "/internal/placement/current", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> commit(@RequestBody String body) throws InterruptedException {
        RemoteExperts remote = remote();
        PlacementEpoch next = PlacementJson.decode(body);
        remote.checkFits(next);
        long start = System.nanoTime();
        PlacementEpoch previous = remote.placement().commit(next);
        boolean drained = previous == next || previous.version() == next.version()
                || remote.placement().awaitUnused(previous.version(), DRAIN_LIMIT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (previous.version() != next.version()) {
            log.info("placement epoch {} committed (was {}); previous epoch unused after {} ms{}", next.version(),
                    previous.version(), millis, drained ? "" : " - NOT drained within " + DRAIN_LIMIT);
        }
        if (!drained) {
            throw new IllegalStateException("epoch " + next.version() + " is current, but layer steps still ran under epoch "
                    + previous.version() + " after " + DRAIN_LIMIT.toSeconds() + " s");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("version", next.version());
        answer.put("previous", previous.version());
        answer.put("drain_ms", millis);
        return answer;
    }

    private RemoteExperts remote() {
        if (experts == null) {
            throw new NoPlacementException();
        }
        return experts;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail notDrained(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(NoPlacementException.class)
    ProblemDetail inProcess(NoPlacementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "experts run in this process (moe.experts.transport=in-process): there is no placement to change");
    }

    private static final class NoPlacementException extends RuntimeException {
        NoPlacementException() {
            super(null, null, false, false);
        }
    }
}
