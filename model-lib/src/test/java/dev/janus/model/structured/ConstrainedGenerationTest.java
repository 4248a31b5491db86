package dev.janus.model.structured;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.Sampler;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.sampling.SequenceRandom;
import dev.janus.model.sampling.TokenConstraint;
import dev.janus.model.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fixture model, whose random weights know nothing of JSON, writes valid instances of a
 * schema when its logits are masked — greedy and sampled — as judged by networknt's validator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConstrainedGenerationTest {

    private static final int MAX_TOKENS = 400;
    private ComputePool pool;

    @BeforeAll
    void startPool() {
        pool = new ComputePool(2, "structured");
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2"})
    void everyFixtureWritesValidJson(String fixture) throws Exception {
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(fixture));
            int vocab = model.config().vocabSize();
            StructuredOutputs outputs = new StructuredOutputs(tokenizer, vocab, tokenizer.eosTokenIds(), 8);
            TokenGrammar grammar = outputs.jsonSchema(new ObjectMapper().readTree(JsonSchemaLanguageTest.PERSON));
            assertThat(outputs.jsonSchema(new ObjectMapper().readTree(JsonSchemaLanguageTest.PERSON))).isSameAs(grammar);
            InferenceEngine engine = new InferenceEngine(model, new ScalarMatmulKernel(), pool, EngineOptions.forTokens(1024));
            int[] prompt = tokenizer.encode("Write a person as JSON:", true);
            SamplingParams greedy = new SamplingParams(0f, 1f, -1, null, false, 0);
            String text = generate(engine, tokenizer, prompt, greedy, StructuredOutputs.constraint(grammar,
                    tokenizer.eosTokenIds()));
            assertThat(SchemaValidator.errors(JsonSchemaLanguageTest.PERSON, text)).as("%s greedy: %s", fixture, text).isEmpty();
            for (long seed = 1; seed <= 4; seed++) {
                SamplingParams sampled = new SamplingParams(1.0f, 1f, -1, seed, false, 0);
                String s = generate(engine, tokenizer, prompt, sampled, StructuredOutputs.constraint(grammar,
                        tokenizer.eosTokenIds()));
                assertThat(SchemaValidator.errors(JsonSchemaLanguageTest.PERSON, s)).as("%s seed %d: %s", fixture, seed, s)
                        .isEmpty();
            }
        }
    }

    /** Decodes until the constraint completes or EOS; fails when max tokens ran out first. */
    static String generate(InferenceEngine engine, Tokenizer tokenizer, int[] prompt, SamplingParams params,
                                   TokenConstraint constraint) {
        return generate(engine, tokenizer, prompt, params, constraint, MAX_TOKENS);
    }

    static String generate(InferenceEngine engine, Tokenizer tokenizer, int[] prompt, SamplingParams params,
                           TokenConstraint constraint, int maxTokens) {
        int vocab = engine.config().vocabSize();
        Sampler sampler = new Sampler(vocab);
        SequenceRandom rng = SequenceRandom.forParams(params);
        float[] logits = new float[vocab];
        StepBatch batch = new StepBatch();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (KvSequence seq = engine.newSequence()) {
            batch.add(seq, prompt, 0, prompt.length, false);
            int[] next = new int[1];
            for (int step = 0; step < maxTokens; step++) {
                engine.step(batch, logits);
                constraint.maskLogits(logits, 0);
                int token = sampler.sample(logits, 0, params, rng);
                constraint.accept(token);
                if (isStop(tokenizer, token)) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.writeBytes(tokenizer.tokenBytes(token));
                if (constraint.complete()) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                next[0] = token;
                batch.clear();
                batch.add(seq, next, 0, 1, false);
            }
        }
        throw new AssertionError("no complete value in " + maxTokens + " tokens: " + out.toString(StandardCharsets.UTF_8));
    }

    private static boolean isStop(Tokenizer tokenizer, int token) {
        for (int s : tokenizer.eosTokenIds()) {
            if (s == token) {
                return true;
            }
        }
        return false;
    }
}
