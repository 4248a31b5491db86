package dev.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.golden.Fixtures;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile}'s input checks; the sweep against real services is integration-tests' ScalerProfileTest. */
class ProfileCommandTest {

    @Test
    void fewerThanThreePointsCannotFitThreeConstants(@TempDir Path tmp) {
        CliRun run = CliRun.janus("profile", "--attention", "http://127.0.0.1:1", "--experts", "http://127.0.0.1:2",
                "--model", Fixtures.dir("tiny-mixtral").toString(), "--batches", "1", "--prompt-tokens", "16,32",
                "--out", tmp.resolve("p.json").toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("at least 3 sweep points").contains("got 2");
    }

    @Test
    void tooFewOutputTokensAreRefused(@TempDir Path tmp) {
        CliRun run = CliRun.janus("profile", "--attention", "http://127.0.0.1:1", "--experts", "http://127.0.0.1:2",
                "--model", Fixtures.dir("tiny-mixtral").toString(), "--output-tokens", "4", "--out", tmp.resolve("p.json").toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("output tokens >= 8");
    }

    @Test
    void aServiceThatIsNotThereIsNamed(@TempDir Path tmp) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun run = CliRun.janus("profile", "--attention", "http://127.0.0.1:" + closed, "--experts", "http://127.0.0.1:2",
                "--model", Fixtures.dir("tiny-mixtral").toString(), "--out", tmp.resolve("p.json").toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("error:");
        assertThat(tmp.resolve("p.json")).doesNotExist();
    }
}
