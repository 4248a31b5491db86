package dev.janus.placement.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.placement.auto.AutoSettings;
import dev.janus.placement.auto.AutoSettingsStore;
import dev.janus.placement.epoch.EpochRecord;
import dev.janus.placement.epoch.EpochStore;
import dev.janus.placement.pin.PinStore;
import dev.janus.placement.plan.PlanRecord;
import dev.janus.placement.plan.PlanStore;
import dev.janus.placement.plan.PredictedEffect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repositories against a database migrated by the service's Flyway scripts; subclasses give
 * the database (H2 in PostgreSQL mode, PostgreSQL), each in a fresh schema.
 */
abstract class StoreContract {

    static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");

    EpochStore epochs;
    PlanStore plans;
    PinStore pinStore;
    AutoSettingsStore auto;

    /** A data source on an empty schema of its own, and that schema's name. */
    abstract DataSource dataSource();

    abstract String schema();

    @BeforeEach
    void migrate() {
        DataSource ds = dataSource();
        Flyway.configure().dataSource(ds).schemas(schema()).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        epochs = new EpochStore(jdbc);
        plans = new PlanStore(jdbc, JsonMapper.builder().build());
        pinStore = new PinStore(jdbc, clock);
        auto = new AutoSettingsStore(jdbc, clock);
    }

    @Test
    void epochsComeBackNewestFirstWithTheirPlacement() {
        PlacementEpoch v1 = PlacementEpoch.roundRobin(1, 2, 4, 3, 2, null);
        PlacementEpoch v2 = PlacementEpoch.roundRobin(2, 2, 4, 3, 2, new long[][] {{1, 9, 1, 1}, {5, 1, 1, 1}});
        epochs.insert(new EpochRecord(1, NOW, EpochRecord.STARTUP, "round-robin", null), v1);
        epochs.insert(new EpochRecord(2, NOW.plusSeconds(60), EpochRecord.PLAN, "janus", "plan_1"), v2);

        assertThat(epochs.history()).containsExactly(
                new EpochRecord(2, NOW.plusSeconds(60), "plan", "janus", "plan_1"),
                new EpochRecord(1, NOW, "startup", "round-robin", null));
        assertThat(epochs.latest()).hasValueSatisfying(e -> assertThat(e.samePlacement(v2) && e.version() == 2).isTrue());
        assertThat(epochs.epoch(1)).hasValueSatisfying(e -> assertThat(e.samePlacement(v1)).isTrue());
        assertThat(epochs.epoch(3)).isEmpty();
    }

    @Test
    void plansRoundTripAndRememberWhereTheyWereApplied() {
        Placement placement = Placement.of(PlacementEpoch.roundRobin(0, 2, 4, 2, 2, null));
        PredictedEffect effect = new PredictedEffect("synthetic", 3, 2, 1 / 3.0, List.of(new PredictedEffect.Layer(0,
                new PredictedEffect.Effect(32, 3, 3, 64, 70), new PredictedEffect.Effect(32, 2, 2.5, 40, 44))));
        plans.insert(new PlanRecord("plan_a", NOW, "janus", 2, null, 1, placement, effect, null));
        plans.insert(new PlanRecord("plan_b", NOW.plusSeconds(1), "eplb", 2, List.of(0, 1), 1, placement, effect, null));
        plans.markApplied("plan_a", 5);

        PlanRecord a = plans.find("plan_a").orElseThrow();
        assertThat(a.placement()).isEqualTo(placement);
        assertThat(a.effect()).isEqualTo(effect);
        assertThat(a.appliedVersion()).isEqualTo(5);
        assertThat(a.layers()).isNull();
        assertThat(a.createdAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(NOW);
        assertThat(plans.find("plan_b").orElseThrow().layers()).containsExactly(0, 1);
        assertThat(plans.list()).extracting(PlanRecord::id).containsExactly("plan_b", "plan_a");
        assertThat(plans.find("plan_c")).isEmpty();
    }

    @Test
    void pinsAndReplicaRequestsRoundTripAsPins() {
        pinStore.save(new Pins.Pin(0, 3, List.of(2, 0), 0));
        pinStore.save(new Pins.Pin(1, 1, List.of(), 3));
        pinStore.save(new Pins.Pin(0, 3, List.of(1, 2), 2));

        Pins pins = pinStore.load();
        assertThat(pins.pins()).containsExactly(new Pins.Pin(0, 3, List.of(1, 2), 2), new Pins.Pin(1, 1, List.of(), 3));
        assertThat(pinStore.delete(0, 3)).isTrue();
        assertThat(pinStore.delete(0, 3)).isFalse();
        assertThat(pinStore.load().pins()).hasSize(1);
    }

    @Test
    void autoSettingsDefaultUntilSavedThenReplaced() {
        assertThat(auto.load()).isEqualTo(AutoSettings.DEFAULTS);
        auto.save(new AutoSettings(true, 0.2, Duration.ofMinutes(7), "eplb", 8));
        auto.save(new AutoSettings(true, 0.25, Duration.ofSeconds(90), "janus", null));
        assertThat(auto.load()).isEqualTo(new AutoSettings(true, 0.25, Duration.ofSeconds(90), "janus", null));
    }
}
