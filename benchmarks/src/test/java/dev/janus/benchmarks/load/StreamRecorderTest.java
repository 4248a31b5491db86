package dev.janus.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRecorderTest {

    private static final long MS = 1_000_000;
    private final ObjectMapper json = new ObjectMapper();

    /** Feeds the stream's events, the i-th arriving at {@code times[i]} ms; the request was sent at 0. */
    private RequestResult record(String stream, long... times) {
        List<String> events = stream.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(events).hasSize(times.length);
        StreamRecorder recorder = new StreamRecorder(json, 0);
        for (int i = 0; i < events.size(); i++) {
            recorder.event(events.get(i), times[i] * MS);
        }
        return recorder.result();
    }

    @Test
    void completionStreamTtftIsTheFirstTokenAndTpotSpreadsTheRestOverTokensMinusOne() {
        // 5 tokens at 40, 50, 60, 70, 80 ms; the finish chunk with the last token's step; usage; [DONE]
        RequestResult r = record(RecordedStreams.COMPLETION, 40, 50, 60, 70, 80, 80, 81, 81);

        assertThat(r.ok()).isTrue();
        assertThat(r.tokens()).isEqualTo(5);
        assertThat(r.ttftNanos()).isEqualTo(40 * MS);
        assertThat(r.tpotNanos()).isEqualTo(10.0 * MS); // (80 - 40) / (5 - 1)
    }

    @Test
    void chatRoleOnlyChunkIsNotAToken() {
        // role chunk at 5 ms, tokens at 30, 36, 42, 48, finish at 48
        RequestResult r = record(RecordedStreams.CHAT, 5, 30, 36, 42, 48, 48, 49, 49);

        assertThat(r.ttftNanos()).isEqualTo(30 * MS);
        assertThat(r.tokens()).isEqualTo(4);
        assertThat(r.tpotNanos()).isEqualTo(6.0 * MS);
    }

    @Test
    void theUsageChunkCountsTokensTheServerHeldBackTogether() {
        StreamRecorder recorder = new StreamRecorder(json, 0);
        recorder.event("{\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":null}]}", 10 * MS);
        recorder.event("{\"choices\":[{\"index\":0,\"text\":\"\\u00e9b\",\"finish_reason\":\"length\"}]}", 40 * MS);
        recorder.event("{\"choices\":[],\"usage\":{\"completion_tokens\":4}}", 41 * MS);
        recorder.event("[DONE]", 41 * MS);

        RequestResult r = recorder.result();
        assertThat(r.tokens()).isEqualTo(4);
        assertThat(r.tpotNanos()).isEqualTo(10.0 * MS); // (40 - 10) / 3
    }

    @Test
    void withoutUsageTheContentChunksAreCounted() {
        String noUsage = RecordedStreams.COMPLETION.replace("\"completion_tokens\":5", "\"other\":5");

        assertThat(record(noUsage, 1, 2, 3, 4, 5, 5, 5, 5).tokens()).isEqualTo(5);
    }

    @Test
    void aStreamWithoutDoneFails() {
        String cut = RecordedStreams.COMPLETION.replace("data: [DONE]", "");

        RequestResult r = record(cut, 1, 2, 3, 4, 5, 5, 5);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("[DONE]");
    }

    @Test
    void anErrorEventFailsWithItsMessage() {
        StreamRecorder recorder = new StreamRecorder(json, 0);
        recorder.event("{\"choices\":[{\"index\":0,\"text\":\"a\"}]}", MS);
        recorder.event("{\"error\":{\"message\":\"The model failed\",\"type\":\"server_error\"}}", 2 * MS);
        recorder.event("[DONE]", 3 * MS);

        assertThat(recorder.result().error()).isEqualTo("error event: The model failed");
    }

    @Test
    void anEventThatIsNotJsonFails() {
        StreamRecorder recorder = new StreamRecorder(json, 0);
        recorder.event("<html>", MS);
        recorder.event("[DONE]", 2 * MS);

        assertThat(recorder.result().error()).startsWith("an event is not JSON");
    }
}
