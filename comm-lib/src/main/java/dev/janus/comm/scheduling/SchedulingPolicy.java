package dev.janus.comm.scheduling;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The scheduling policies, by configuration name (fixtures/aebs/README.md has the exact rules).
 * {@link #DEFAULT} is {@code aebs-rep}: the paper's greedy alone can lose to {@code static}
 * (golden_counterexample.txt); the repair pass reaches the minimum possible a_max.
 */
public enum SchedulingPolicy {
    /** The replica with the lowest physical id (SGLang's static dispatch). */
    STATIC("static"),
    /** A uniformly random replica per (token, slot), from a stateless seeded hash (SGLang's dynamic). */
    RANDOM("random"),
    /** The j-th row (in row order) choosing a logical expert goes to its replica j mod replicas. */
    ROUND_ROBIN("round-robin"),
    /** The paper's greedy: replicated experts in ascending id, each to its least-activated host. */
    AEBS("aebs"),
    /** {@code aebs} followed by the bounded repair pass: minimum possible a_max. */
    AEBS_REP("aebs-rep"),
    /** {@code aebs-rep} ordered by (fewest replicas, most tokens, id), count ties → fewer tokens. */
    AEBS_PLUS("aebs+");

    public static final SchedulingPolicy DEFAULT = AEBS_REP;

    private final String configName;

    SchedulingPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration and in AEBS vector files. */
    public String configName() {
        return configName;
    }

    /** The policy of a configuration name ({@code static}, {@code random}, …), case-insensitive. */
    public static SchedulingPolicy fromName(String name) {
        for (SchedulingPolicy p : values()) {
            if (p.configName.equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown scheduling policy '" + name + "'; known: "
                + Arrays.stream(values()).map(SchedulingPolicy::configName).collect(Collectors.joining(", ")));
    }

    /** Whether {@link #fromName} accepts the name. */
    public static boolean isKnown(String name) {
        for (SchedulingPolicy p : values()) {
            if (p.configName.equalsIgnoreCase(name.strip())) {
                return true;
            }
        }
        return false;
    }

    public ActivationScheduler create() {
        return create(SchedulerOptions.DEFAULT);
    }

    public ActivationScheduler create(SchedulerOptions options) {
        return switch (this) {
            case STATIC -> new StaticScheduler();
            case RANDOM -> new RandomScheduler(options.seed());
            case ROUND_ROBIN -> new RoundRobinScheduler();
            case AEBS -> new AebsScheduler(this, false, false, options.spreadTokens());
            case AEBS_REP -> new AebsScheduler(this, true, false, options.spreadTokens());
            case AEBS_PLUS -> new AebsScheduler(this, true, true, options.spreadTokens());
        };
    }

    @Override
    public String toString() {
        return configName;
    }
}
