package dev.janus.comm.scaling.profile;

import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfile.Constant;
import dev.janus.comm.scaling.HardwareProfile.Link;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ProfileFit;
import java.util.Locale;

/**
 * A hardware profile from a sweep's samples: the attention and MoE stages fitted by
 * {@link ProfileFit} (additive form, so {@code roofline: false}), the fit error in {@code fit},
 * and every constant's {@code source} saying where it came from. What the sweep does not measure
 * — memory size and the two links — is taken from a base profile and marked so.
 */
public final class FittedProfile {

    /** The profile and the two stage fits behind it. */
    public record Result(HardwareProfile profile, ProfileFit.StageFit attention, ProfileFit.StageFit moe) {}

    private FittedProfile() {
    }

    /**
     * @param provenance where the samples came from, e.g. "janus profile on 2025-01-01T00:00Z against
     *                   attention http://... and experts [...] serving tiny-mixtral, sweep ..."
     */
    public static Result fit(String name, ModelDescription model, ProfileSweep.Samples samples, HardwareProfile base,
                             String provenance) {
        ProfileFit.StageFit attention = ProfileFit.attention(model, samples.attention());
        ProfileFit.StageFit moe = ProfileFit.moe(model, samples.moe());
        String fitted = "Fitted: " + provenance;
        String inherited = "Not measured by the sweep; from profile '" + base.name() + "': ";
        int n = attention.samples() + moe.samples();
        double rmsUs = Math.sqrt((attention.samples() * sq(attention.rmsErrorNanos()) + moe.samples() * sq(moe.rmsErrorNanos())) / n) / 1e3;
        String method = String.format(Locale.ROOT, "non-negative least squares of overhead, seconds per byte and per flop"
                        + " (ProfileFit, additive stage cost) on %s's byte and flop counts; attention: %d samples, rms %.1f µs,"
                        + " max relative %.3f; moe: %d samples, rms %.1f µs, max relative %.3f", model.name(),
                attention.samples(), attention.rmsErrorNanos() / 1e3, attention.maxRelativeError(), moe.samples(),
                moe.rmsErrorNanos() / 1e3, moe.maxRelativeError());
        HardwareProfile profile = new HardwareProfile(HardwareProfile.SCHEMA, name, "cpu",
                "Fitted by the profile sweep (comm-lib scaling/profile): " + provenance + ". Attention and MoE stage"
                        + " constants are measured; memory and links come from profile '" + base.name() + "'.",
                false, inherit(inherited, base.memoryBytes()), inherit(inherited, base.usableMemoryFraction()),
                attention.toStage(fitted), moe.toStage(fitted), link(inherited, base.intraNode()),
                link(inherited, base.interNode()), inherit(inherited, base.devicesPerNode()),
                new HardwareProfile.Fit(n, rmsUs, Math.max(attention.maxRelativeError(), moe.maxRelativeError()), method));
        return new Result(profile, attention, moe);
    }

    private static double sq(double x) {
        return x * x;
    }

    private static Constant inherit(String prefix, Constant c) {
        return new Constant(c.value(), prefix + c.source());
    }

    private static Link link(String prefix, Link l) {
        return new Link(inherit(prefix, l.alphaUs()), inherit(prefix, l.bandwidthBytesPerS()), inherit(prefix, l.efficiency()));
    }
}
