package dev.janus.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventParserTest {

    private static List<String> events(String stream) {
        SseEventParser parser = new SseEventParser();
        List<String> events = new ArrayList<>();
        stream.lines().forEach(line -> {
            String data = parser.line(line);
            if (data != null) {
                events.add(data);
            }
        });
        parser.finish();
        return events;
    }

    @Test
    void recordedCompletionStreamGivesOneEventPerChunkEndingWithDone() {
        List<String> events = events(RecordedStreams.COMPLETION);

        assertThat(events).hasSize(8);
        assertThat(events.getFirst()).startsWith("{\"id\":\"cmpl-").contains("\"text\":\"x\"");
        assertThat(events.get(6)).contains("\"completion_tokens\":5");
        assertThat(events.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithNewlines() {
        assertThat(events("data: {\"a\":\ndata:1}\n\n")).containsExactly("{\"a\":\n1}");
    }

    @Test
    void commentsOtherFieldsAndOneLeadingSpaceOnlyAreHandledAsTheSpecSays() {
        String stream = ": keep-alive\nevent: chunk\nid: 7\ndata:  two spaces\n\n: another comment\n\n";

        assertThat(events(stream)).containsExactly(" two spaces");
    }

    @Test
    void anEmptyLineWithoutDataDispatchesNothing() {
        assertThat(events("\n\n\ndata: x\n\n\n")).containsExactly("x");
    }

    @Test
    void aTruncatedLastEventIsDropped() {
        assertThat(events("data: whole\n\ndata: cut off")).containsExactly("whole");
    }

    @Test
    void crLfLineEndingsAreLinesToo() {
        assertThat(events("data: a\r\n\r\ndata: [DONE]\r\n\r\n")).containsExactly("a", "[DONE]");
    }
}
