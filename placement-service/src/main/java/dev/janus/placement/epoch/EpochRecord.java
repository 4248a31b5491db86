package dev.janus.placement.epoch;

import java.time.Instant;

/**
 * One entry of the epoch history.
 *
 * @param version   the epoch's version (only increases)
 * @param appliedAt when its rollout committed it (or it was adopted / computed at startup)
 * @param source    why it exists: startup, file, adopted, plan, pin, replicas, rollback, auto
 * @param policy    the placement policy that planned it, or null
 * @param planId    the plan it came from, or null
 */
public record EpochRecord(long version, Instant appliedAt, String source, String policy, String planId) {

    public static final String STARTUP = "startup";
    public static final String ADOPTED = "adopted";
    public static final String FILE = "file";
    public static final String PLAN = "plan";
    public static final String PIN = "pin";
    public static final String REPLICAS = "replicas";
    public static final String ROLLBACK = "rollback";
    public static final String AUTO = "auto";
}
