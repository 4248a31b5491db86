package dev.janus.placement.plan;

import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.placement.policy.PlacementPolicy;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Plans: make one (201 + Location), read one, list them. Applying is the rollout's ({@code RolloutController}). */
@RestController
@RequestMapping("/admin/placement/plans")
class PlanController {

    private final PlanService plans;
    private final JsonMapper json;

    PlanController(PlanService plans, JsonMapper json) {
        this.plans = plans;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<PlanView> create(@Valid @RequestBody(required = false) PlanRequest request) {
        PlanRequest r = request == null ? new PlanRequest(null, null, null) : request;
        PlanRecord plan = plans.create(r.policy() == null ? PlacementPolicy.DEFAULT : r.policy(), r.redundantSlots(), r.layers(),
                r.instances());
        return ResponseEntity.created(URI.create("/admin/placement/plans/" + plan.id())).body(view(plan, false));
    }

    @GetMapping("/{id}")
    PlanView get(@PathVariable String id) {
        return view(plans.get(id), true);
    }

    @GetMapping
    Map<String, List<PlanView.Summary>> list() {
        return Map.of("data", plans.list().stream().map(p -> new PlanView.Summary(p.id(), p.createdAt(), p.policy(),
                p.redundantSlots(), p.layers(), p.basedOnVersion(), p.appliedVersion(), p.effect().gain())).toList());
    }

    private PlanView view(PlanRecord p, boolean withPlacement) {
        return new PlanView(p.id(), p.createdAt(), p.policy(), p.redundantSlots(), p.layers(), p.basedOnVersion(),
                p.appliedVersion(), p.effect(),
                withPlacement ? json.readTree(PlacementJson.encode(p.placement().toEpoch(0))) : null);
    }
}
