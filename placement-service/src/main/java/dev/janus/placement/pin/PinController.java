package dev.janus.placement.pin;

import dev.janus.comm.placement.policy.Pins;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrator constraints on one expert: pin its replicas to instances, ask for a replica
 * count, or drop both. Each answers with the constraint and the rollout of the new epoch.
 */
@RestController
class PinController {

    /** @param instances the MoE instances that must host the expert's replicas, one each */
    record PinRequest(@NotEmpty @Size(max = 4096) List<@NotNull Integer> instances) {}

    record ReplicasRequest(@NotNull @Min(1) @Max(1 << 16) Integer count) {}

    private final PinService pins;

    PinController(PinService pins) {
        this.pins = pins;
    }

    @GetMapping("/admin/placement/pins")
    Map<String, List<Pins.Pin>> list() {
        return Map.of("data", pins.list());
    }

    @PutMapping("/admin/placement/experts/{layer}/{expert}/pin")
    PinService.Change pin(@PathVariable int layer, @PathVariable int expert, @Valid @RequestBody PinRequest body) {
        return pins.pin(layer, expert, body.instances());
    }

    @DeleteMapping("/admin/placement/experts/{layer}/{expert}/pin")
    PinService.Change unpin(@PathVariable int layer, @PathVariable int expert) {
        return pins.unpin(layer, expert);
    }

    @PostMapping("/admin/placement/experts/{layer}/{expert}/replicas")
    PinService.Change replicas(@PathVariable int layer, @PathVariable int expert,
                               @Valid @RequestBody ReplicasRequest body) {
        return pins.replicas(layer, expert, body.count());
    }
}
