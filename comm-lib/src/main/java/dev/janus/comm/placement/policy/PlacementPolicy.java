package dev.janus.comm.placement.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A placement policy (DESIGN.md §1.4, §10 "policies are pure"): from recent statistics, the
 * cluster shape and the administrator's pins, decide how many replicas each logical expert gets
 * and which MoE instance hosts each replica. Pure and deterministic: the same inputs give the
 * same placement; no state survives between calls; thread-safe.
 *
 * <p>Policies, by configuration name:
 * <ul>
 *   <li>{@code janus} (default): {@code eplb}, then bounded improving swaps that lower the
 *       predicted a_max ({@link JanusPolicy}, {@link ActivationPredictor}).</li>
 *   <li>{@code eplb}: DeepSeek EPLB's hierarchical / global policy ({@link EplbPolicy}).</li>
 *   <li>{@code round-robin}: {@code PlacementEpoch.roundRobin}'s layout ({@link RoundRobinPolicy}).</li>
 * </ul>
 *
 * <p>Every policy keeps LayerPlacement's rules (replicas of one expert on distinct instances,
 * every expert at least once), at most C replicas per instance, and the pins. Infeasible
 * requests throw {@link PlacementConstraintException}.
 */
public interface PlacementPolicy {

    /** Configuration name of the default policy. */
    String DEFAULT = "janus";

    /**
     * Plans every layer of {@code load}.
     *
     * @param coActivation           pair counts, or {@link CoActivation#none}
     * @param redundantSlotsPerLayer R: physical replicas per layer beyond one per logical expert,
     *                               {@code E + R <= N * C}; slots beyond E + R stay empty
     * @throws PlacementConstraintException if R or the pins cannot be met
     */
    Placement plan(ExpertLoad load, CoActivation coActivation, ClusterShape shape, Pins pins,
                   int redundantSlotsPerLayer);

    /**
     * Plans only {@code layers}, keeping the other layers of {@code current} slot for slot (the
     * admin API may re-plan some layers). {@code current} must have the same E, N and C.
     */
    Placement replan(Placement current, Set<Integer> layers, ExpertLoad load, CoActivation coActivation,
                     ClusterShape shape, Pins pins, int redundantSlotsPerLayer);

    /** The configuration name. */
    String name();

    /** Known configuration names, default first. */
    static List<String> names() {
        return List.of(JanusPolicy.NAME, EplbPolicy.NAME, RoundRobinPolicy.NAME);
    }

    /**
     * The policy of a configuration name, case-insensitive, with default options.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static PlacementPolicy fromName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case JanusPolicy.NAME -> new JanusPolicy();
            case EplbPolicy.NAME -> new EplbPolicy();
            case RoundRobinPolicy.NAME -> new RoundRobinPolicy();
            default -> throw new IllegalArgumentException("unknown placement policy '" + name + "'; known: "
                    + String.join(", ", names()));
        };
    }

    /** Whether {@link #fromName} accepts the name. */
    static boolean isKnown(String name) {
        return name != null && names().contains(name.strip().toLowerCase(Locale.ROOT));
    }
}
