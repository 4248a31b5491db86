package dev.janus.comm.scaling;

/**
 * The constants of the latency model for one kind of device, as data: every constant carries
 * where it came from. Built-in profiles ({@link HardwareProfiles}) are derived from public
 * specifications times an achievable fraction; a CPU profile is fitted from measured per-layer
 * times ({@link ProfileFit}) by the {@code profile} command and records the fit error.
 *
 * <p>JSON schema {@value #SCHEMA} (snake_case of the components; C = {@code {"value": number,
 * "source": "text"}}):
 * <pre>
 * {"schema": "janus-hardware-profile/1", "name": "...", "kind": "gpu" | "cpu", "source": "...",
 *  "roofline": true,                     // stage time = overhead + max(memory, compute); false: sum
 *  "memory_bytes": C, "usable_memory_fraction": C,
 *  "attention": {"overhead_us": C, "memory_bandwidth_bytes_per_s": C, "memory_efficiency": C,
 *                "flops_per_s": C, "compute_efficiency": C},
 *  "moe": { same as attention },
 *  "intra_node": {"alpha_us": C, "bandwidth_bytes_per_s": C, "efficiency": C},
 *  "inter_node": { same as intra_node },
 *  "devices_per_node": C,
 *  "fit": null | {"samples": n, "rms_error_us": x, "max_relative_error": y, "method": "..."}}
 * </pre>
 * Effective rate = spec × efficiency; a bandwidth or flop rate of 0 means "no such cost" (a fit
 * may find a term indistinguishable from zero).
 */
public record HardwareProfile(String schema, String name, String kind, String source, boolean roofline,
                              Constant memoryBytes, Constant usableMemoryFraction, Stage attention, Stage moe,
                              Link intraNode, Link interNode, Constant devicesPerNode, Fit fit) {

    public static final String SCHEMA = "janus-hardware-profile/1";

    public HardwareProfile {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("profile schema must be '" + SCHEMA + "', got '" + schema + "'");
        }
        if (name == null || name.isBlank() || source == null || source.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name and a source");
        }
        if (!"gpu".equals(kind) && !"cpu".equals(kind)) {
            throw new IllegalArgumentException("profile '" + name + "': kind must be 'gpu' or 'cpu', got '" + kind + "'");
        }
        if (memoryBytes == null || usableMemoryFraction == null || attention == null || moe == null
                || intraNode == null || interNode == null || devicesPerNode == null) {
            throw new IllegalArgumentException("profile '" + name + "' misses a section (memory, attention, moe,"
                    + " intra_node, inter_node, devices_per_node)");
        }
        fraction("usable_memory_fraction", usableMemoryFraction);
        if (memoryBytes.value() <= 0 || devicesPerNode.value() < 1) {
            throw new IllegalArgumentException("profile '" + name + "': memory_bytes > 0 and devices_per_node >= 1");
        }
    }

    /** A constant and where it came from. */
    public record Constant(double value, String source) {
        public Constant {
            if (!Double.isFinite(value) || value < 0 || source == null || source.isBlank()) {
                throw new IllegalArgumentException("a constant needs a finite value >= 0 and a source, got "
                        + value + " (" + source + ")");
            }
        }
    }

    /** One stage's device constants. */
    public record Stage(Constant overheadUs, Constant memoryBandwidthBytesPerS, Constant memoryEfficiency,
                        Constant flopsPerS, Constant computeEfficiency) {
        public Stage {
            if (overheadUs == null || memoryBandwidthBytesPerS == null || flopsPerS == null) {
                throw new IllegalArgumentException("a stage needs overhead_us, memory_bandwidth_bytes_per_s, flops_per_s");
            }
            fraction("memory_efficiency", memoryEfficiency);
            fraction("compute_efficiency", computeEfficiency);
        }

        public StageCost cost(boolean roofline) {
            return new StageCost(overheadUs.value() * 1e3,
                    perUnit(memoryBandwidthBytesPerS.value() * memoryEfficiency.value()),
                    perUnit(flopsPerS.value() * computeEfficiency.value()), roofline);
        }
    }

    /** A link in Hockney's α–β form (as twophase/CommunicationCostModel). */
    public record Link(Constant alphaUs, Constant bandwidthBytesPerS, Constant efficiency) {
        public Link {
            if (alphaUs == null || bandwidthBytesPerS == null) {
                throw new IllegalArgumentException("a link needs alpha_us and bandwidth_bytes_per_s");
            }
            fraction("efficiency", efficiency);
        }

        public double alphaNanos() {
            return alphaUs.value() * 1e3;
        }

        public double betaNanosPerByte() {
            return perUnit(bandwidthBytesPerS.value() * efficiency.value());
        }
    }

    /** How well a fitted profile matches its samples. */
    public record Fit(int samples, double rmsErrorUs, double maxRelativeError, String method) {
    }

    public StageCost attentionCost() {
        return attention.cost(roofline);
    }

    public StageCost moeCost() {
        return moe.cost(roofline);
    }

    /** Bytes a device may fill with weights and KV cache. */
    public double usableMemoryBytes() {
        return memoryBytes.value() * usableMemoryFraction.value();
    }

    public int devicesPerNodeCount() {
        return (int) devicesPerNode.value();
    }

    private static double perUnit(double ratePerSecond) {
        return ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
    }

    private static void fraction(String field, Constant c) {
        if (c == null || c.value() <= 0 || c.value() > 1) {
            throw new IllegalArgumentException(field + " must be in (0, 1], got " + (c == null ? null : c.value()));
        }
    }
}
