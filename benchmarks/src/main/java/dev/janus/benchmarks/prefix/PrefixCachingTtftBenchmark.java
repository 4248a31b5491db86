package dev.janus.benchmarks.prefix;

import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.kv.PrefixHit;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.Sampler;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.sampling.SequenceRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * Time to first token of a request whose 1,000-token prefix (a system prompt, a few-shot
 * block) is in the prefix cache vs the same request with caching off (issue 15 §1). One
 * invocation is one request on an idle engine, as attention-service's scheduler runs it: the
 * prompt (the shared prefix + a fresh {@code suffixTokens}-token question each time) in
 * prefill chunks of {@code prefillChunk} (moe.scheduler.prefill-chunk's default), full blocks
 * indexed after each step when caching, then the first token sampled from the last row.
 * Cached, the request attaches the prefix's full blocks ({@code KvCache.findPrefix} +
 * {@code attachPrefix}: 992 of the 1,000 tokens with 16-token blocks) and computes the rest.
 * The model is generated (make-model preset, seed 0) when {@code model} has none. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar PrefixCachingTtft -rf json}; the ratio of
 * the two rows' medians is the speed-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 25)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PrefixCachingTtftBenchmark {

    private static final int BLOCK = 16;

    @Param({"/tmp/janus-models/mixtral-small"})
    public String model;

    @Param({"small"})
    public String preset;

    @Param({"false", "true"})
    public boolean cached;

    @Param({"1000"})
    public int prefixTokens;

    @Param({"24"})
    public int suffixTokens;

    @Param({"256"})
    public int prefillChunk;

    @Param({"2"})
    public int threads;

    private Model loaded;
    private ComputePool pool;
    private InferenceEngine engine;
    private Sampler sampler;
    private final StepBatch batch = new StepBatch();
    private float[] logits;
    private int[] prompt;
    private final Random questions = new Random(11);

    @Setup
    public void setUp() throws Exception {
        Path dir = Path.of(model);
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            ModelGenerator.generate(MakeModelRequest.of(ModelPreset.parse(preset), ModelGenerator.parseFamily("mixtral"), 0,
                    dir), System.out);
        }
        loaded = Model.load(dir);
        pool = new ComputePool(threads, "bench");
        int vocab = loaded.config().vocabSize();
        // room for the cached prefix plus two whole requests
        int blocks = 3 * (prefixTokens + suffixTokens + BLOCK) / BLOCK;
        engine = new InferenceEngine(loaded, new VectorMatmulKernel(pool), pool, new EngineOptions(BLOCK, blocks, null, null, null));
        sampler = new Sampler(vocab);
        logits = new float[vocab];
        prompt = new int[prefixTokens + suffixTokens];
        Random ids = new Random(7);
        for (int i = 0; i < prefixTokens; i++) {
            prompt[i] = 3 + ids.nextInt(vocab - 3); // past BOS/EOS/UNK
        }
        if (cached) {
            Arrays.fill(prompt, prefixTokens, prompt.length, 3);
            firstToken(); // an earlier request with the same prefix (another question) left its blocks in the cache
        }
    }

    /** A different question after the shared prefix for every request. */
    @Setup(Level.Invocation)
    public void newQuestion() {
        int vocab = loaded.config().vocabSize();
        for (int i = prefixTokens; i < prompt.length; i++) {
            prompt[i] = 3 + questions.nextInt(vocab - 3);
        }
    }

    @Benchmark
    public int firstToken() {
        try (KvSequence seq = engine.newSequence()) {
            if (cached) {
                PrefixHit hit = engine.kvCache().findPrefix(prompt, prompt.length - 1);
                seq.attachPrefix(hit);
            }
            while (seq.length() < prompt.length) {
                int count = Math.min(prefillChunk, prompt.length - seq.length());
                batch.clear();
                batch.add(seq, prompt, seq.length(), count, false);
                engine.step(batch, logits);
                if (cached) {
                    seq.indexFullBlocks(prompt);
                }
            }
            return sampler.sample(logits, 0, SamplingParams.GREEDY, SequenceRandom.seeded(0));
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
        loaded.close();
    }
}
