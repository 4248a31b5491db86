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
 * the service instead of failing every request; {@code POST /admin/scaler/profile} may later
 * replace the profile with one fitted to the running services ({@link #use}).
 */
public final class PlanService {

    /** The hardware profile in use, the name it is reported under (a built-in name or a file) and its planners. */
    private record Hardware(HardwareProfile profile, String name, ConcurrentHashMap<Long, Planner> planners) {

        Hardware(HardwareProfile profile, String name) {
            this(profile, name, new ConcurrentHashMap<>());
        }
    }

    private final ModelDescription model;
    private final String modelName;
    private volatile Hardware hardware;

    public PlanService(String model, String profile) {
        try {
            this.model = ModelDescriptions.load(model);
            this.hardware = new Hardware(HardwareProfiles.load(profile), profile);
        } catch (RuntimeException e) {
            throw new IllegalStateException("moe.scaler.model '" + model + "' or moe.scaler.profile '" + profile
                    + "' cannot be read: " + e.getMessage(), e);
        }
        this.modelName = model;
    }

    /** Plans from now on with {@code profile}, reported as {@code name} (e.g. the file it was stored in). */
    public void use(HardwareProfile profile, String name) {
        hardware = new Hardware(profile, name); // with its own planners: none planned on the old one survives
    }

    /** The model sized (the profile sweep needs its byte and flop counts). */
    public ModelDescription model() {
        return model;
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
        return hardware.name();
    }

    private Planner planner(ScalerSettings s) {
        int a = s.attention().max();
        int e = s.moe().max();
        Hardware h = hardware;
        return h.planners().computeIfAbsent(((long) a << 32) | e,
                k -> Planner.analytic(model, h.profile(), PlannerOptions.DEFAULTS.withBounds(a, e)));
    }
}
