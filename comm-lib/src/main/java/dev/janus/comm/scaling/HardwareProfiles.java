package dev.janus.comm.scaling;

import java.nio.file.Path;
import java.util.List;

/**
 * Where hardware profiles come from: the built-in JSON resources under {@code scaling/profiles/}
 * or a profile file ({@link HardwareProfile} has the schema).
 *
 * <p>Built-in GPU profiles, derived from public specifications (each JSON constant's
 * {@code source} has the details), effective = spec × achievable fraction:
 * <table>
 *   <caption>derivation</caption>
 *   <tr><th></th><th>h100-sxm</th><th>h200-sxm</th><th>fraction</th></tr>
 *   <tr><td>memory</td><td>80 GB HBM3</td><td>141 GB HBM3e</td><td>0.9 usable (vLLM's default)</td></tr>
 *   <tr><td>HBM bandwidth</td><td>3.35 TB/s</td><td>4.8 TB/s</td><td>0.8 → 2.68 / 3.84 TB/s</td></tr>
 *   <tr><td>dense bf16</td><td>989.4 TFLOP/s</td><td>989.4 TFLOP/s</td><td>0.6 → 593.6 TFLOP/s</td></tr>
 *   <tr><td>NVLink 4, one direction</td><td>450 GB/s</td><td>450 GB/s</td><td>0.8 → 360 GB/s</td></tr>
 *   <tr><td>InfiniBand NDR per GPU</td><td>50 GB/s</td><td>50 GB/s</td><td>0.9 → 45 GB/s</td></tr>
 * </table>
 * Sources: NVIDIA H100 and H200 Tensor Core GPU datasheets (SXM columns; the bf16 figure quoted
 * there is with 2:4 sparsity, dense is half), the DGX H100 user guide (NVLink 900 GB/s
 * bidirectional per GPU, one 400 Gb/s ConnectX-7 per GPU, 8 GPUs per node). Overheads (30 µs per
 * attention layer, 20 µs per MoE layer) and the NVLink per-message cost (1 µs) are assumptions,
 * marked so; the inter-node per-message cost (3 µs) is a rough reading of how DeepEP's published
 * low-latency dispatch / combine times grow with the number of peers (deepseek-ai/DeepEP README:
 * about 2–4 µs per extra peer). In LinkCost's {@code m·α + B·β}, α is a per-message issue cost:
 * GPU-initiated sends to different peers overlap their wire latency. {@code cpu-placeholder} shows the format a fitted CPU
 * profile takes; its numbers are guesses until the {@code profile} command replaces them.
 */
public final class HardwareProfiles {

    public static final List<String> BUILT_IN = List.of("h100-sxm", "h200-sxm", "cpu-placeholder");

    private HardwareProfiles() {
    }

    public static HardwareProfile builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("unknown profile '" + name + "'; built in: " + String.join(", ", BUILT_IN));
        }
        return ScalingJson.resource("profiles/" + name + ".json", HardwareProfile.class);
    }

    /** A built-in name or a profile file. */
    public static HardwareProfile load(String nameOrPath) {
        return BUILT_IN.contains(nameOrPath) ? builtIn(nameOrPath) : read(Path.of(nameOrPath));
    }

    public static HardwareProfile read(Path file) {
        return ScalingJson.read(file, HardwareProfile.class);
    }

    public static HardwareProfile parse(String json) {
        return ScalingJson.parse(json, HardwareProfile.class, "hardware profile");
    }

    /** The JSON form, as {@code profile} stores it. */
    public static String toJson(HardwareProfile profile) {
        return ScalingJson.write(profile);
    }
}
