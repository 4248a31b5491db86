package dev.janus.comm.scheduling;

/**
 * Configuration shared by the scheduling policies.
 *
 * @param seed         seed of the {@code random} policy (all attention instances must agree on it)
 * @param spreadTokens {@code aebs}-family only: after the expert assignment, also split a
 *                     replicated expert's tokens over its other replicas on instances whose
 *                     activated-expert count is below a_max (never raising a_max), to lower the
 *                     maximum number of tokens per instance. Off by default: the plan then equals
 *                     the fixtures' one-replica-per-expert plan.
 */
public record SchedulerOptions(long seed, boolean spreadTokens) {

    public static final SchedulerOptions DEFAULT = new SchedulerOptions(0L, false);

    public SchedulerOptions withSeed(long seed) {
        return new SchedulerOptions(seed, spreadTokens);
    }

    public SchedulerOptions withSpreadTokens(boolean spreadTokens) {
        return new SchedulerOptions(seed, spreadTokens);
    }
}
