package dev.janus.scaler.plan;

import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.Plan;
import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.scaler.config.ScalerProperties;
import dev.janus.scaler.control.ScalerSettings;
import java.util.concurrent.ConcurrentHashMap;

/**
 * comm-lib's pure {@link Planner} for the configured model and hardware, searched within the
 * settings' upper bounds (one planner per pair of bounds: each caches its placements). The model
 * and profile are read once at start, so a bad {@code moe.scaler.model} / {@code profile} stops
 * the service instead of failing every request.
 */
public final class PlanService {

    private final ModelDescription model;
    private final HardwareProfile profile;
    private final String modelName;
    private final String profileName;
    private final ConcurrentHashMap<Long, Planner> planners = new ConcurrentHashMap<>();

    public PlanService(String model, String profile) {
        try {
            this.model = ModelDescriptions.load(model);
            this.profile = HardwareProfiles.load(profile);
        } catch (RuntimeException e) {
            throw new IllegalStateException("moe.scaler.model '" + model + "' or moe.scaler.profile '" + profile
                    + "' cannot be read: " + e.getMessage(), e);
        }
        this.modelName = model;
        this.profileName = profile;
    }

    public static PlanService of(ScalerProperties props) {
        return new PlanService(props.model(), props.profile());
    }

    /** The sizings, the baselines and the placement of the chosen n_e. */
    public Plan plan(PlanRequest request, ScalerSettings settings) {
        return planner(settings).plan(request);
    }

    /** The sizings only (no placement): what each automatic evaluation needs. */
    public Plan size(PlanRequest request, ScalerSettings settings) {
        return planner(settings).size(request);
    }

    public String modelName() {
        return modelName;
    }

    public String profileName() {
        return profileName;
    }

    private Planner planner(ScalerSettings s) {
        int a = s.attention().max();
        int e = s.moe().max();
        return planners.computeIfAbsent(((long) a << 32) | e,
                k -> Planner.analytic(model, profile, PlannerOptions.DEFAULTS.withBounds(a, e)));
    }
}
