package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The built-in profiles: the derivation of HardwareProfiles' table, sources, and the schema's checks. */
class HardwareProfilesTest {

    @Test
    void h100EffectiveRatesFollowTheDerivation() {
        HardwareProfile h100 = HardwareProfiles.builtIn("h100-sxm");
        StageCost moe = h100.moeCost();
        assertThat(1e9 / moe.nanosPerByte()).isCloseTo(2.68e12, within(1e6));     // 3.35 TB/s × 0.8
        assertThat(1e9 / moe.nanosPerFlop()).isCloseTo(593.64e12, within(1e9));   // 989.4 TFLOP/s × 0.6
        assertThat(1e9 / h100.intraNode().betaNanosPerByte()).isCloseTo(360e9, within(1e3));
        assertThat(1e9 / h100.interNode().betaNanosPerByte()).isCloseTo(45e9, within(1e3));
        assertThat(h100.usableMemoryBytes()).isCloseTo(72e9, within(1.0));
        assertThat(h100.devicesPerNodeCount()).isEqualTo(8);
        assertThat(h100.roofline()).isTrue();
    }

    @Test
    void h200DiffersFromH100InMemoryOnly() {
        HardwareProfile h100 = HardwareProfiles.builtIn("h100-sxm");
        HardwareProfile h200 = HardwareProfiles.builtIn("h200-sxm");
        assertThat(1e9 / h200.moeCost().nanosPerByte()).isCloseTo(3.84e12, within(1e6));
        assertThat(h200.memoryBytes().value()).isEqualTo(141e9);
        assertThat(h200.moeCost().nanosPerFlop()).isEqualTo(h100.moeCost().nanosPerFlop());
        assertThat(h200.interNode()).isEqualTo(h100.interNode());
    }

    @Test
    void everyBuiltInLoadsRoundTripsAndNamesItsSources() {
        for (String name : HardwareProfiles.BUILT_IN) {
            HardwareProfile p = HardwareProfiles.builtIn(name);
            assertThat(p.name()).isEqualTo(name);
            assertThat(HardwareProfiles.parse(HardwareProfiles.toJson(p))).isEqualTo(p);
            assertThat(p.memoryBytes().source()).isNotBlank();
            assertThat(p.attention().memoryBandwidthBytesPerS().source()).isNotBlank();
        }
        assertThat(HardwareProfiles.builtIn("cpu-placeholder").roofline()).isFalse();
        assertThat(HardwareProfiles.builtIn("cpu-placeholder").source()).contains("profile");
    }

    @Test
    void refusesUnknownFieldsMissingSourcesAndBadFractions() {
        String json = HardwareProfiles.toJson(HardwareProfiles.builtIn("h100-sxm"));
        assertThatThrownBy(() -> HardwareProfiles.parse(json.replace("\"roofline\"", "\"rooflin\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rooflin");
        assertThatThrownBy(() -> HardwareProfiles.parse(json.replaceFirst(
                "(?<head>\"usable_memory_fraction\" : \\{\\s*\"value\" : )0.9", "${head}1.9")))
                .hasMessageContaining("usable_memory_fraction");
        assertThatThrownBy(() -> HardwareProfiles.parse(json.replaceFirst("\"source\" : \"NVIDIA H100[^\"]*\"",
                "\"source\" : \"\""))).hasMessageContaining("source");
        assertThatThrownBy(() -> HardwareProfiles.parse(json.replace("janus-hardware-profile/1", "v0")))
                .hasMessageContaining("schema");
    }
}
