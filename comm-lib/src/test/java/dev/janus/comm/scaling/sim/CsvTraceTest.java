package dev.janus.comm.scaling.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's CSV trace: read into slices, and every malformed file refused with its line and reason. */
class CsvTraceTest {

    @TempDir
    Path dir;

    Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("trace.csv"), text);
    }

    @Test
    void sumsRequestsAndTokensPerSlice() throws Exception {
        SliceTrace trace = CsvTrace.read(file("""
                # a comment
                arrival_time_s,prompt_tokens,output_tokens
                0.0,100,10
                0.5,200,20

                2.25,300,30
                """), 1);

        assertThat(trace.slices()).isEqualTo(3);
        assertThat(trace.requests()).containsExactly(2, 0, 1);
        assertThat(trace.promptTokens()).containsExactly(300, 0, 300);
        assertThat(trace.outputTokens()).containsExactly(30, 0, 30);
        assertThat(trace.meanTokens()).containsExactly(200, 20);
        // and every request's own lengths, in arrival order
        assertThat(trace.perRequest().slice()).containsExactly(0, 0, 2);
        assertThat(trace.perRequest().prompt()).containsExactly(100, 200, 300);
        assertThat(trace.perRequest().output()).containsExactly(10, 20, 30);
    }

    @Test
    void refusesMalformedFilesNamingTheLine() throws Exception {
        String h = CsvTrace.HEADER + "\n";
        assertError("", ":0: empty trace");
        assertError(h, "header but no requests");
        assertError("time,prompt,output\n1,2,3\n", ":1: expected the header 'arrival_time_s,prompt_tokens,output_tokens'");
        assertError(h + "1,2\n", ":2: expected 3 columns");
        assertError(h + "soon,2,3\n", ":2: arrival_time_s 'soon' is not a number");
        assertError(h + "1,2.5,3\n", ":2: prompt_tokens '2.5' is not a whole number");
        assertError(h + "1,2,0\n", ":2: output_tokens 0 must be >= 1");
        assertError(h + "1,3000000000,3\n", ":2: prompt_tokens 3000000000 must be >= 0 and <= 2147483647");
        assertError(h + "-1,2,3\n", ":2: arrival_time_s -1 is negative");
        assertError(h + "5,2,3\n4,2,3\n", ":3: arrival_time_s 4 is before the previous line's 5.0");
    }

    private void assertError(String text, String message) throws Exception {
        Path f = file(text);
        assertThatThrownBy(() -> CsvTrace.read(f, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining(message);
    }
}
