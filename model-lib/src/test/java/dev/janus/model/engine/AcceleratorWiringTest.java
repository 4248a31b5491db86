package dev.janus.model.engine;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.moe.LocalExpertExecutor;
import dev.janus.model.moe.SwiGlu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an {@link Accelerator} hands out is what an engine built on its backend runs
 * ({@link ComputeBackend#engineOptions}): every layer's attention (GQA and MLA) goes through its
 * attention kernels and every MoE layer through its expert executor. The accelerator here
 * records the calls and computes on the CPU, so the logits must equal the CPU engine's bit for bit.
 */
class AcceleratorWiringTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-deepseek-v2"})
    void attentionAndExpertsRunOnTheAccelerator(String fixture) {
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            int[] prompt = {1, 5, 9, 14, 3};
            float[] cpu;
            try (ComputeBackend backend = ComputeBackend.create("vector", 1)) {
                cpu = prefillAndDecode(model, backend, prompt);
            }
            RecordingAccelerator device = new RecordingAccelerator();
            float[] accelerated;
            try (ComputeBackend backend = ComputeBackend.create("vector", 1, device)) {
                accelerated = prefillAndDecode(model, backend, prompt);
            }
            int layers = model.config().numLayers();
            assertThat(device.shapes).as("one attention kernel per engine").hasSize(1);
            assertThat(device.attendedLayers).as("every layer of both steps").hasSize(2 * layers);
            assertThat(device.executorsMade).isEqualTo(1);
            assertThat(device.closed).isTrue();
            assertThat(accelerated).isEqualTo(cpu);
        }
    }

    /** A 5-token prefill and one decode step; the logits of both. */
    private static float[] prefillAndDecode(Model model, ComputeBackend backend, int[] prompt) {
        int vocab = model.config().vocabSize();
        InferenceEngine engine = new InferenceEngine(model, backend.matmul(), backend.pool(),
                backend.engineOptions(EngineOptions.forTokens(16), model.weights(), model.config().hiddenSize()));
        float[] logits = new float[2 * vocab];
        float[] step = new float[vocab];
        StepBatch batch = new StepBatch();
        try (KvSequence seq = engine.newSequence()) {
            batch.add(seq, prompt, 0, prompt.length, false);
            engine.step(batch, step);
            System.arraycopy(step, 0, logits, 0, vocab);
            batch.clear();
            batch.add(seq, new int[] {7}, 0, 1, false);
            engine.step(batch, step);
            System.arraycopy(step, 0, logits, vocab, vocab);
        }
        return logits;
    }

    private static final class RecordingAccelerator implements Accelerator {

        final List<AttentionKernel.Shape> shapes = new ArrayList<>();
        final List<Integer> attendedLayers = new ArrayList<>();
        int executorsMade;
        boolean closed;

        @Override
        public String description() {
            return "recording device";
        }

        @Override
        public MatmulKernel matmul(MatmulKernel cpu) {
            return cpu;
        }

        @Override
        public AttentionKernel attention(AttentionKernel.Shape shape, AttentionKernel cpu) {
            shapes.add(shape);
            return (batch, layer, window, q, out) -> {
                attendedLayers.add(layer);
                cpu.attend(batch, layer, window, q, out);
            };
        }

        @Override
        public ExpertExecutor expertExecutor(ModelWeights weights, int hidden, MatmulKernel cpu) {
            executorsMade++;
            return new LocalExpertExecutor(weights, hidden, new SwiGlu(cpu));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
