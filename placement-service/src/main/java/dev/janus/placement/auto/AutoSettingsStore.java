package dev.janus.placement.auto;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The automatic re-planning settings (table auto_replan, one row); {@link AutoSettings#DEFAULTS} until set. */
@Repository
public class AutoSettingsStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public AutoSettingsStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public AutoSettings load() {
        return jdbc.sql("SELECT enabled, threshold, interval_ms, policy, redundant_slots FROM auto_replan WHERE id = 1")
                .query((rs, i) -> {
                    int r = rs.getInt("redundant_slots");
                    Integer redundant = rs.wasNull() ? null : r;
                    return new AutoSettings(rs.getBoolean("enabled"), rs.getDouble("threshold"),
                            Duration.ofMillis(rs.getLong("interval_ms")), rs.getString("policy"), redundant);
                })
                .optional().orElse(AutoSettings.DEFAULTS);
    }

    @Transactional
    public void save(AutoSettings s) {
        jdbc.sql("DELETE FROM auto_replan WHERE id = 1").update();
        jdbc.sql("""
                INSERT INTO auto_replan (id, enabled, threshold, interval_ms, policy, redundant_slots, updated_at)
                VALUES (1, ?, ?, ?, ?, ?, ?)""")
                .params(s.enabled(), s.threshold(), s.interval().toMillis(), s.policy(), s.redundantSlots(),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }
}
