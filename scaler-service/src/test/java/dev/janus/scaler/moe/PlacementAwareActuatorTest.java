package dev.janus.scaler.moe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.scaler.actuate.Actuator;
import dev.janus.scaler.control.Sizes;
import dev.janus.scaler.support.StubServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MoE scaling protocol's order of steps, against a stub placement-service and stub expert-services. */
class PlacementAwareActuatorTest {

    /** Records every call in one list with the placement-service's, so the order is visible. */
    final List<String> log = new CopyOnWriteArrayList<>();
    volatile boolean released = true;

    final StubServer placement = new StubServer("application/json", uri -> {
        String path = uri.getPath();
        log.add("placement " + path);
        if (path.equals("/admin/placement/plans")) {
            return "{\"id\":\"p7\",\"policy\":\"janus\"}";
        }
        if (path.equals("/admin/placement/plans/p7/apply")) {
            return "{\"version\":5,\"previous_version\":4,\"previous_released\":" + released + "}";
        }
        return null;
    });
    final StubServer readyExpert = new StubServer("application/json", uri -> {
        log.add("ready? " + uri.getPath());
        return "{\"status\":\"UP\"}";
    });

    /** A process actuator that only records. */
    final Actuator processes = new Actuator() {
        Sizes now = new Sizes(1, 2);

        @Override
        public String name() {
            return "test";
        }

        @Override
        public Sizes current() {
            return now;
        }

        @Override
        public String scale(Sizes target) {
            log.add("processes " + target);
            now = target;
            return "processes at " + target;
        }

        @Override
        public void close() {
            log.add("processes closed");
        }
    };

    @AfterEach
    void stop() {
        placement.close();
        readyExpert.close();
    }

    private PlacementAwareActuator actuator(URI expert) {
        return new PlacementAwareActuator(processes, new PlacementClient(placement.uri(), "k", Duration.ofSeconds(5)),
                i -> expert, Duration.ofMillis(300), Duration.ofMillis(20), Clock.systemUTC());
    }

    @Test
    void closingItClosesTheProcessesItWraps() {
        actuator(readyExpert.uri()).close(); // scaler-service stopping: the instances the local actuator started stop too
        assertThat(log).containsExactly("processes closed");
    }

    @Test
    void scaleOutStartsWaitsForReadinessThenRollsOutAnEpochThatUsesTheInstance() {
        String done = actuator(readyExpert.uri()).scale(new Sizes(1, 3));
        assertThat(log).containsExactly("processes n_a=1 n_e=3", "ready? /actuator/health/readiness",
                "placement /admin/placement/plans", "placement /admin/placement/plans/p7/apply");
        assertThat(placement.calls().getFirst()).isEqualTo("POST /admin/placement/plans {\"instances\":3} auth=Bearer k");
        assertThat(done).contains("epoch 5 uses 3 MoE instances");
    }

    @Test
    void scaleInRollsOutAnEpochWithoutTheInstanceThenStopsIt() {
        String done = actuator(readyExpert.uri()).scale(new Sizes(1, 1));
        assertThat(log).containsExactly("placement /admin/placement/plans", "placement /admin/placement/plans/p7/apply",
                "processes n_a=1 n_e=1");
        assertThat(placement.calls().getFirst()).contains("{\"instances\":1}");
        assertThat(done).contains("previous released");
    }

    @Test
    void scaleInKeepsTheInstanceWhileThePreviousEpochIsNotReleased() {
        released = false;
        String done = actuator(readyExpert.uri()).scale(new Sizes(2, 1));
        assertThat(log).endsWith("processes n_a=2 n_e=2");
        assertThat(processes.current()).isEqualTo(new Sizes(2, 2));
        assertThat(done).contains("not released yet");
    }

    @Test
    void anInstanceThatNeverGetsReadyGetsNoEpoch() {
        URI nothingListening = URI.create("http://127.0.0.1:1");
        assertThatThrownBy(() -> actuator(nothingListening).scale(new Sizes(1, 3)))
                .isInstanceOf(MoeScalingException.class).hasMessageContaining("not ready");
        assertThat(log).noneMatch(l -> l.startsWith("placement"));
    }

    @Test
    void attentionOnlyChangesNeedNoEpoch() {
        actuator(readyExpert.uri()).scale(new Sizes(4, 2));
        assertThat(log).containsExactly("processes n_a=4 n_e=2");
    }
}
