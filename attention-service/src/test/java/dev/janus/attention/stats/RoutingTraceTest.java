package dev.janus.attention.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import dev.janus.comm.stats.RoutingTraceReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** moe.stats.trace-file: the service writes every routing decision and closes the file on shutdown. */
class RoutingTraceTest {

    @TempDir
    Path dir;

    @Test
    void traceOfARunIsReadableAfterShutdown() {
        Path file = dir.resolve("routing.trace");
        int tokens;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=2",
                "--moe.scheduler.kv-cache-tokens=1024", "--moe.stats.trace-file=" + file)) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            tokens = new StatsHttp(port).complete(TinyModel.ID, "[1,2,3,4,5,6]", 3);
        }

        RoutingTraceReader.Trace trace = RoutingTraceReader.read(file);
        assertThat(trace.experts()).isEqualTo(8);
        assertThat(trace.topK()).isEqualTo(2);
        long[] perLayer = new long[4];
        for (RoutingTraceReader.Entry e : trace.entries()) {
            perLayer[e.layer()] += e.routing().tokens();
        }
        assertThat(perLayer).containsOnly(tokens);
        assertThat(tokens).isEqualTo(6 + 3 - 1);
    }
}
