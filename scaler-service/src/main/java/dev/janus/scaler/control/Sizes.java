package dev.janus.scaler.control;

/**
 * Instance counts of the two pools (DESIGN.md §1: they scale independently).
 *
 * @param attention attention-service instances (n_a)
 * @param moe       MoE instances, expert-service (n_e)
 */
public record Sizes(int attention, int moe) {

    public Sizes {
        if (attention < 0 || moe < 0) {
            throw new IllegalArgumentException("instance counts are >= 0, got " + attention + ", " + moe);
        }
    }

    /** Whether every pool is within {@code margin} instances of {@code other}'s. */
    public boolean within(Sizes other, int margin) {
        return Math.abs(attention - other.attention) <= margin && Math.abs(moe - other.moe) <= margin;
    }

    @Override
    public String toString() {
        return "n_a=" + attention + " n_e=" + moe;
    }
}
