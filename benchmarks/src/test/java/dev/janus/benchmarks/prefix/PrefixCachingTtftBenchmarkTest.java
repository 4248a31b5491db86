package dev.janus.benchmarks.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's cached path is the same request: equal first tokens with and without the cache (tiny-mixtral). */
class PrefixCachingTtftBenchmarkTest {

    private static List<Integer> firstTokens(boolean cached) throws Exception {
        PrefixCachingTtftBenchmark bench = new PrefixCachingTtftBenchmark();
        bench.model = "../model-lib/src/test/resources/fixtures/tiny-mixtral";
        bench.cached = cached;
        bench.prefixTokens = 100;
        bench.suffixTokens = 8;
        bench.prefillChunk = 32;
        bench.threads = 1;
        bench.setUp();
        try {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                bench.newQuestion();
                out.add(bench.firstToken());
            }
            return out;
        } finally {
            bench.tearDown();
        }
    }

    @Test
    void cachedAndUncachedRequestsGiveTheSameFirstTokens() throws Exception {
        assertThat(firstTokens(true)).isEqualTo(firstTokens(false));
    }
}
