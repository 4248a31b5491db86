package dev.janus.benchmarks.structured;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.Sampler;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.sampling.SequenceRandom;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.structured.StructuredOutputs;
import dev.janus.model.structured.TokenGrammar;
import dev.janus.model.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of structured outputs per decode step (issue 15 §2): {@code mask} applies the
 * JSON-schema constraint to {@code batch} logits rows (each sequence at another point of its
 * output, allowed sets already computed, as in steady state) and {@code step} is one decode
 * step of {@code batch} sequences on the same model, the baseline of the same run. Rows are the
 * tiny-mixtral fixture's vocabulary, or padded to Qwen's 151,936 ids (every padded id masked:
 * the mask's worst case, it writes every row entry). Run with
 * {@code java -jar benchmarks/target/benchmarks.jar MaskCost -p fixture=PATH}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MaskCostBenchmark {

    static final String SCHEMA = """
            {"type":"object","properties":{"name":{"type":"string","maxLength":16},
             "age":{"type":"integer","minimum":0,"maximum":130},"tags":{"type":"array","items":{"type":"string",
             "maxLength":8},"maxItems":4},"kind":{"enum":["a","b","c"]}},"required":["name","age","tags","kind"]}""";

    @Param({"model-lib/src/test/resources/fixtures/tiny-mixtral"})
    public String fixture;

    @Param({"1", "16"})
    public int batch;

    /** 0: the model's own vocabulary. */
    @Param({"0", "151936"})
    public int paddedRows;

    private ComputePool pool;
    private Model model;
    private InferenceEngine engine;
    private TokenConstraint[] constraints;
    private float[] maskRows;
    private float[] stepLogits;
    private KvSequence[] sequences;
    private final StepBatch stepBatch = new StepBatch();
    private int decoded;

    @Setup
    public void setUp() throws Exception {
        Path dir = Path.of(fixture);
        model = Model.load(dir);
        pool = new ComputePool(2, "bench");
        engine = new InferenceEngine(model, new VectorMatmulKernel(pool), pool, EngineOptions.forTokens(batch * 1100));
        Tokenizer tokenizer = Tokenizer.load(dir);
        int rows = paddedRows == 0 ? model.config().vocabSize() : paddedRows;
        StructuredOutputs outputs = new StructuredOutputs(tokenizer, rows, tokenizer.eosTokenIds(), 4);
        TokenGrammar grammar = outputs.jsonSchema(new ObjectMapper().readTree(SCHEMA));
        constraints = new TokenConstraint[batch];
        maskRows = new float[batch * rows];
        Random random = new Random(5);
        Sampler sampler = new Sampler(rows);
        SamplingParams params = new SamplingParams(1f, 1f, -1, 1L, false, 0);
        float[] row = new float[rows];
        for (int i = 0; i < batch; i++) {
            // sequence i is i * 2 tokens into its output: the batch covers many automaton states
            constraints[i] = StructuredOutputs.constraint(grammar, tokenizer.eosTokenIds());
            SequenceRandom rng = SequenceRandom.seeded(i);
            for (int t = 0; t < i * 2 && !constraints[i].complete(); t++) {
                for (int v = 0; v < rows; v++) {
                    row[v] = (float) random.nextGaussian();
                }
                constraints[i].maskLogits(row, 0);
                constraints[i].accept(sampler.sample(row, 0, params, rng));
            }
        }
        stepLogits = new float[batch * model.config().vocabSize()];
    }

    /** Fresh sequences of 8 prompt tokens each iteration, so the context never fills up. */
    @Setup(Level.Iteration)
    public void prefill() {
        closeSequences();
        sequences = new KvSequence[batch];
        stepBatch.clear();
        int[] prompt = {1, 2, 3, 4, 5, 6, 7, 8};
        for (int i = 0; i < batch; i++) {
            sequences[i] = engine.newSequence();
            stepBatch.add(sequences[i], prompt, 0, prompt.length, false);
        }
        engine.step(stepBatch, stepLogits);
        decoded = 0;
    }

    @Benchmark
    public float mask() {
        int rows = maskRows.length / batch;
        for (int i = 0; i < batch; i++) {
            constraints[i].maskLogits(maskRows, i * rows);
        }
        return maskRows[0];
    }

    @Benchmark
    public float step() {
        if (decoded >= 1000) {
            prefill();
        }
        stepBatch.clear();
        int[] next = {9};
        for (KvSequence s : sequences) {
            stepBatch.add(s, next, 0, 1, false);
        }
        engine.step(stepBatch, stepLogits);
        decoded++;
        return stepLogits[0];
    }

    @TearDown
    public void tearDown() throws Exception {
        closeSequences();
        pool.close();
        model.close();
    }

    private void closeSequences() {
        if (sequences != null) {
            for (KvSequence s : sequences) {
                s.close();
            }
        }
    }
}
