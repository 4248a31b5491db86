package dev.janus.placement.epoch;

import dev.janus.comm.placement.PlacementJson;
import dev.janus.service.error.AdminException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The current epoch: for people under /admin (with the history), and for services under
 * /internal as PlacementJson — what an attention- or expert-service pulls at start to learn the
 * epoch it must serve (404 problem while there is none: they start from moe.placement's round robin).
 */
@RestController
class PlacementController {

    private final EpochRegistry registry;

    PlacementController(EpochRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/admin/placement")
    PlacementView current() {
        return PlacementView.of(registry.require(), registry.history());
    }

    @GetMapping("/internal/placement/current")
    ResponseEntity<String> internalCurrent() {
        return registry.current()
                .map(e -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(PlacementJson.encode(e)))
                .orElseThrow(() -> AdminException.notFound("No placement epoch yet."));
    }
}
