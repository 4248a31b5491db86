package dev.janus.benchmarks.jlama;

import java.nio.file.Path;

/** Command line of {@link JlamaComparison}; defaults are the setting (32-token prompt, 128 decode steps). */
record ComparisonOptions(Path model, int promptTokens, int decodeTokens, int rounds, int warmup, int threads,
                         long seed) {

    ComparisonOptions {
        if (model == null) {
            throw new IllegalArgumentException("--model DIR is required");
        }
        if (promptTokens < 1 || decodeTokens < 1 || rounds < 1 || warmup < 0 || threads < 0) {
            throw new IllegalArgumentException("--prompt, --tokens, --rounds must be positive; --warmup, --threads >= 0");
        }
    }

    static ComparisonOptions parse(String[] args) {
        Path model = null;
        int prompt = 32;
        int tokens = 128;
        int rounds = 3;
        int warmup = 2;
        int threads = 0;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--model" -> model = Path.of(v);
                case "--prompt" -> prompt = Integer.parseInt(v);
                case "--tokens" -> tokens = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new ComparisonOptions(model, prompt, tokens, rounds, warmup, threads, seed);
    }
}
