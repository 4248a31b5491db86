package dev.janus.scaler.control;

import dev.janus.comm.scaling.Plan;
import dev.janus.comm.scaling.PlanJson;
import dev.janus.comm.scaling.PlanRequest;
import dev.janus.service.error.AdminException;
import dev.janus.scaler.plan.PlanService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admin API (issue 12 §3); every error an RFC 7807 problem (service-support's ProblemHandler). */
@RestController
@RequestMapping("/admin/scaler")
public class ScalerController {

    private final Scaler scaler;
    private final PlanService planner;

    public ScalerController(Scaler scaler, PlanService planner) {
        this.scaler = scaler;
        this.planner = planner;
    }

    @Operation(summary = "Size the cluster for a load: this system's plan with the monolithic and static baselines "
            + "(comm-lib PlanJson), within the configured upper bounds")
    @GetMapping(path = "/plan", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> plan(
            @Parameter(description = "arrival rate, requests per second") @RequestParam double rate,
            @Parameter(description = "TPOT SLO in ms; default: the configured slo_ms") @RequestParam(name = "slo_ms", required = false) @Nullable Double sloMs,
            @Parameter(description = "mean prompt tokens; default: the configured prompt_tokens") @RequestParam(name = "prompt_tokens", required = false) @Nullable Integer promptTokens,
            @Parameter(description = "mean output tokens; default: the configured output_tokens") @RequestParam(name = "output_tokens", required = false) @Nullable Integer outputTokens) {
        ScalerSettings s = scaler.settings();
        PlanRequest request;
        try {
            request = new PlanRequest(rate, promptTokens == null ? s.promptTokens() : promptTokens,
                    outputTokens == null ? s.outputTokens() : outputTokens, sloMs == null ? s.sloMs() : sloMs);
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
        Plan plan = planner.plan(request, s);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) PlanJson.tree(plan);
        tree.put("model", planner.modelName());
        tree.put("profile", planner.profileName());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(tree.toString());
    }

    @Operation(summary = "Signals, current and wanted sizes, the automatic mode's state and the last decisions")
    @GetMapping("/status")
    public StatusView status() {
        return StatusView.of(scaler.snapshot());
    }

    @Operation(summary = "Evaluate now and scale to the wanted size (no hysteresis or cooldown); dry_run only records it")
    @PostMapping("/apply")
    public Decision apply(@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        return scaler.apply(dryRun);
    }

    @Operation(summary = "The SLO, bounds, hysteresis, cooldown and mode")
    @GetMapping("/config")
    public ScalerSettings config() {
        return scaler.settings();
    }

    @Operation(summary = "Replace the SLO, bounds, hysteresis, cooldown and mode")
    @PutMapping("/config")
    public ScalerSettings config(@Valid @RequestBody ScalerSettings settings) {
        scaler.settings(settings);
        return settings;
    }
}
