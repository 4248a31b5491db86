package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringMatcherTest {

    @Test
    void stopStringSpanningPiecesIsCutAndHeldBackTextIsNeverLeaked() {
        StopStringMatcher m = new StopStringMatcher(List.of("END", "\n\n"));
        assertThat(m.accept("hello E")).isEqualTo("hello "); // "E" may start END
        assertThat(m.accept("N")).isEmpty();
        assertThat(m.accept("Dless")).isEmpty();
        assertThat(m.stopped()).isTrue();
    }

    @Test
    void falseStartIsReleasedWhenTheNextPieceDecides() {
        StopStringMatcher m = new StopStringMatcher(List.of("END"));
        assertThat(m.accept("an E")).isEqualTo("an ");
        assertThat(m.accept("N")).isEmpty();
        assertThat(m.accept("X and")).isEqualTo("ENX and");
        assertThat(m.flush()).isEmpty();
        assertThat(m.stopped()).isFalse();
    }

    @Test
    void earliestOfSeveralStopsWinsAndFlushReleasesTheTail() {
        StopStringMatcher m = new StopStringMatcher(List.of("cd", "b"));
        assertThat(m.accept("abcd")).isEqualTo("a");
        StopStringMatcher tail = new StopStringMatcher(List.of("xyz"));
        assertThat(tail.accept("abcxy")).isEqualTo("abc");
        assertThat(tail.flush()).isEqualTo("xy");
    }

    @Test
    void withoutStopsEverythingPassesThrough() {
        StopStringMatcher m = new StopStringMatcher(List.of());
        assertThat(m.accept("abc")).isEqualTo("abc");
        assertThat(m.flush()).isEmpty();
    }
}
