package dev.janus.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    private final Map<String, String> vars = Map.of("SET", "x", "EMPTY", "");

    @Test
    void substitutesAsComposeDoes() {
        assertThat(Interpolation.resolve("a${SET}b$SET", vars)).isEqualTo("axbx");
        assertThat(Interpolation.resolve("${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${UNSET}", vars)).isEqualTo("d  d ");
        assertThat(Interpolation.resolve("$$SERVER_PORT costs $$5", vars)).isEqualTo("$SERVER_PORT costs $5");
    }

    @Test
    void aMissingRequiredVariableNamesItself() {
        assertThatThrownBy(() -> Interpolation.resolve("${EMPTY:?set EMPTY in .env}", vars))
                .isInstanceOf(ComposeException.class).hasMessage("variable EMPTY is not set: set EMPTY in .env");
        assertThat(Interpolation.resolve("${EMPTY?must exist}", vars)).isEmpty();
    }

    @Test
    void referencesSayWhetherADefaultOrAnErrorComesWithThem() {
        assertThat(Interpolation.references("${A:-1} ${B:?no} $C $$D")).containsExactly(
                new Interpolation.Reference("A", true, false), new Interpolation.Reference("B", false, true),
                new Interpolation.Reference("C", false, false));
    }

    @Test
    void composeDurations() {
        assertThat(Healthcheck.duration("1m30s", null)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Healthcheck.duration("100ms", null)).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> Healthcheck.duration("5 s", null)).isInstanceOf(ComposeException.class);
    }
}
