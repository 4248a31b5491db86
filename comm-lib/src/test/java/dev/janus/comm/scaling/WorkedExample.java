package dev.janus.comm.scaling;

import dev.janus.comm.scaling.HardwareProfile.Constant;
import dev.janus.comm.scaling.HardwareProfile.Link;
import dev.janus.comm.scaling.HardwareProfile.Stage;

/** The model, profile and a_max of TpotModel's worked example, for several tests. */
final class WorkedExample {

    static final double NANOS = 1e-6; // tolerance on hand-computed nanoseconds

    private WorkedExample() {
    }

    static ModelDescription model() {
        return new ModelDescription("worked", "TpotModel's worked example", 2, 0, 1024, 1000, false, 8, 2, 512, 0, 0,
                AttentionShape.gqa(8, 2, 128), 2, 2, 2);
    }

    static Constant c(double value) {
        return new Constant(value, "worked example");
    }

    /** 1.25 TB/s × 0.8 = 1 TB/s, 100 TFLOP/s, 10 µs overheads; 50 GB/s + 10 µs across nodes, 400 GB/s + 2 µs inside. */
    static HardwareProfile profile() {
        Stage stage = new Stage(c(10), c(1.25e12), c(0.8), c(1e14), c(1));
        return new HardwareProfile(HardwareProfile.SCHEMA, "worked", "gpu", "worked example", true, c(80e9), c(0.9),
                stage, stage, new Link(c(2), c(400e9), c(1)), new Link(c(10), c(50e9), c(1)), c(4), null);
    }

    /** a_max = 3 whatever the batch, rows 0.3125 per token. */
    static AMaxSource aMax() {
        return (instances, redundant, tokens) -> new MoeActivity(3, 0.3125 * tokens);
    }

    static TpotModel tpotModel() {
        return new TpotModel(new LayerLatency(model(), profile()), aMax());
    }
}
