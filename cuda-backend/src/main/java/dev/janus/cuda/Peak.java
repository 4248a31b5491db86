package dev.janus.cuda;

/**
 * A GPU's datasheet peaks for the benchmarks' "fraction of peak" columns: HBM bandwidth and dense
 * bf16 tensor-core throughput (NVIDIA H100 SXM5 and H200 datasheets: 3.35 and 4.8 TB/s, 989
 * TFLOP/s dense for both). Unknown devices get NaN, so no fraction is made up.
 */
record Peak(double bytesPerSecond, double flopsPerSecond, String source) {

    static Peak of(String deviceName) {
        String n = deviceName.toUpperCase(java.util.Locale.ROOT);
        if (n.contains("H200")) {
            return new Peak(4.8e12, 989e12, "H200 datasheet");
        }
        if (n.contains("H100") && (n.contains("HBM3") || n.contains("SXM"))) {
            return new Peak(3.35e12, 989e12, "H100 SXM5 datasheet");
        }
        if (n.contains("H100")) {
            return new Peak(2.0e12, 756e12, "H100 PCIe datasheet");
        }
        return new Peak(Double.NaN, Double.NaN, "unknown device: no datasheet peak");
    }
}
