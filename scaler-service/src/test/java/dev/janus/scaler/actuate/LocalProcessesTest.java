package dev.janus.scaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.scaler.control.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bookkeeping with a harmless command ({@code sleep}) instead of a service jar. */
class LocalProcessesTest {

    @TempDir
    Path logs;

    private LocalProcesses sleepers(String pool, int external) {
        return new LocalProcesses(pool, List.of("sleep", "600"), external, 18082, 9092, logs, Duration.ofSeconds(10));
    }

    @Test
    void growsAtTheLowestFreeIndicesAndShrinksAtTheHighest() {
        LocalProcesses pool = sleepers("experts", 1);
        try {
            assertThat(pool.size()).isEqualTo(1);
            String started = pool.scaleTo(3);
            assertThat(started).contains("started experts 1").contains("started experts 2");
            assertThat(pool.size()).isEqualTo(3);
            assertThat(pool.managed()).extracting(LocalProcesses.Managed::index).containsExactly(1, 2);
            assertThat(pool.managed()).allSatisfy(m -> assertThat(m.process().isAlive()).isTrue());

            LocalProcesses.Managed top = pool.managed().getLast();
            assertThat(pool.scaleTo(2)).contains("stopped experts 2");
            assertThat(top.process().isAlive()).isFalse();
            assertThat(pool.managed()).extracting(LocalProcesses.Managed::index).containsExactly(1);

            assertThat(pool.scaleTo(0)).contains("1 external instances are not stopped");
            assertThat(pool.size()).isEqualTo(1);
            assertThat(pool.scaleTo(1)).isEqualTo("experts: unchanged at 1");
        } finally {
            pool.stopAll();
        }
    }

    @Test
    void placeholdersArePerInstance() {
        LocalProcesses pool = new LocalProcesses("experts", List.of("java", "-jar", "expert-service.jar",
                "--server.port={port}", "--spring.grpc.server.port={grpc_port}", "--moe.expert.instance-id={index}"),
                0, 18082, 9092, logs, Duration.ofSeconds(1));
        assertThat(pool.commandFor(2)).containsExactly("java", "-jar", "expert-service.jar", "--server.port=18084",
                "--spring.grpc.server.port=9094", "--moe.expert.instance-id=2");
    }

    @Test
    void aProcessThatExitsNoLongerCounts() {
        LocalProcesses pool = new LocalProcesses("attention", List.of("true"), 0, 8081, 9091, logs, Duration.ofSeconds(1));
        pool.scaleTo(1);
        pool.managed().forEach(m -> m.process().onExit().join());
        assertThat(pool.size()).isZero();
    }

    @Test
    void theActuatorMovesBothPoolsAndStopsWhatItStartedOnShutdown() {
        LocalProcesses attention = sleepers("attention", 0);
        LocalProcesses experts = sleepers("experts", 0);
        LocalActuator actuator = new LocalActuator(attention, experts);
        actuator.scale(new Sizes(2, 1));
        assertThat(actuator.current()).isEqualTo(new Sizes(2, 1));
        List<Process> processes = List.of(attention.managed().get(0).process(), attention.managed().get(1).process(),
                experts.managed().get(0).process());
        actuator.close();
        assertThat(processes).noneMatch(Process::isAlive);
        assertThat(actuator.current()).isEqualTo(new Sizes(0, 0));
    }

    @Test
    void aPoolNeedsACommand() {
        assertThatThrownBy(() -> new LocalProcesses("experts", List.of(), 0, 1, 1, logs, Duration.ofSeconds(1)))
                .hasMessageContaining("moe.scaler.local.experts.command");
    }
}
