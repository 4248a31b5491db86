package dev.janus.comm.scaling.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.LayerLatency;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.MoeActivity;
import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.comm.scaling.ProfileFit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Samples from known constants become a profile that carries them, its error and its provenance, and plans. */
class FittedProfileTest {

    private static final ModelDescription MODEL = ModelDescriptions.builtIn("qwen3-235b-like");

    @Test
    void theFittedProfileRoundTripsAndThePlannerAcceptsIt() {
        HardwareProfile truth = HardwareProfiles.builtIn("cpu-placeholder");
        LayerLatency latency = new LayerLatency(MODEL, truth);
        List<ProfileFit.AttentionSample> attention = new ArrayList<>();
        List<ProfileFit.MoeSample> moe = new ArrayList<>();
        for (int b : new int[] {1, 2, 4, 8}) {
            for (int ctx : new int[] {64, 512}) {
                attention.add(new ProfileFit.AttentionSample(b, ctx, latency.attentionNanosAt(b, ctx)));
                moe.add(new ProfileFit.MoeSample(b + 1, 2.0 * b * ctx / 64, latency.moeNanos(new MoeActivity(b + 1, 2.0 * b * ctx / 64))));
            }
        }
        FittedProfile.Result r = FittedProfile.fit("fitted", MODEL, new ProfileSweep.Samples(attention, moe), truth,
                "a test at 2025-01-01T00:00Z");
        HardwareProfile p = HardwareProfiles.parse(HardwareProfiles.toJson(r.profile()));
        assertThat(p).isEqualTo(r.profile());
        assertThat(p.roofline()).isFalse();
        assertThat(p.kind()).isEqualTo("cpu");
        assertThat(p.attention().overheadUs().value()).isCloseTo(truth.attention().overheadUs().value(), within(1e-3));
        assertThat(p.moe().memoryBandwidthBytesPerS().value()).isCloseTo(truth.moe().memoryBandwidthBytesPerS().value(),
                within(truth.moe().memoryBandwidthBytesPerS().value() * 1e-6));
        assertThat(p.fit().samples()).isEqualTo(16);
        assertThat(p.fit().maxRelativeError()).isLessThan(1e-6);
        assertThat(p.fit().method()).contains("attention: 8 samples").contains("moe: 8 samples");
        assertThat(p.attention().overheadUs().source()).startsWith("Fitted: a test at 2025-01-01T00:00Z");
        assertThat(p.interNode().alphaUs().source()).startsWith("Not measured by the sweep; from profile 'cpu-placeholder'");

        Planner planner = Planner.analytic(MODEL, p, PlannerOptions.DEFAULTS);
        assertThat(planner.plan(new PlanRequest(0.5, 128, 64, 60_000)).sizing().feasible()).isTrue();
    }
}
