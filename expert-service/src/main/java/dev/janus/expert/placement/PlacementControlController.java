package dev.janus.expert.placement;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.expert.experts.HostedExperts;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The MoE-instance side of a placement switch (DESIGN.md §10), called by placement-service:
 * PREPARE maps the replicas an epoch places here and answers once they are ready to serve;
 * RELEASE unmaps an epoch no attention instance uses any more. Meanwhile every prepared,
 * unreleased epoch is served (a batch names its version).
 */
@RestController
class PlacementControlController {

    private static final Logger log = LoggerFactory.getLogger(PlacementControlController.class);

    private final HostedExperts experts;

    PlacementControlController(HostedExperts experts) {
        this.experts = experts;
    }

    @PutMapping(path = "/internal/placement/epochs/{version}", consumes = "application/json")
    Map<String, Object> prepare(@PathVariable long version, @RequestBody String body) {
        PlacementEpoch epoch = PlacementJson.decode(body);
        if (epoch.version() != version) {
            throw new IllegalArgumentException("the body is epoch " + epoch.version() + ", the path names " + version);
        }
        long start = System.nanoTime();
        int hosted = experts.prepare(epoch);
        log.info("placement epoch {} prepared: {} physical experts mapped in {} ms (serving {})", version, hosted,
                (System.nanoTime() - start) / 1_000_000, java.util.Arrays.toString(experts.versions()));
        return Map.of("version", version, "instance", experts.instance(), "hosted_experts", hosted);
    }

    @DeleteMapping("/internal/placement/epochs/{version}")
    ResponseEntity<Void> release(@PathVariable long version) {
        if (experts.release(version)) {
            log.info("placement epoch {} released (serving {})", version, java.util.Arrays.toString(experts.versions()));
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/internal/placement/epochs")
    Map<String, Object> epochs() {
        return Map.of("instance", experts.instance(), "versions", experts.versions());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail unavailable(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }
}
