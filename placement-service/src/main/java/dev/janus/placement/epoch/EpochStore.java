package dev.janus.placement.epoch;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The persisted epoch history (table placement_epoch), each epoch as PlacementJson text. */
@Repository
public class EpochStore {

    private final JdbcClient jdbc;

    public EpochStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(EpochRecord record, PlacementEpoch epoch) {
        if (record.version() != epoch.version()) {
            throw new IllegalArgumentException("record " + record.version() + " for epoch " + epoch.version());
        }
        jdbc.sql("""
                INSERT INTO placement_epoch (version, applied_at, source, policy, plan_id, placement_json)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(record.version(), OffsetDateTime.ofInstant(record.appliedAt(), ZoneOffset.UTC),
                        record.source(), record.policy(), record.planId(), PlacementJson.encode(epoch))
                .update();
    }

    /** Every entry, newest (highest version) first. */
    public List<EpochRecord> history() {
        return jdbc.sql("SELECT version, applied_at, source, policy, plan_id FROM placement_epoch ORDER BY version DESC")
                .query((rs, i) -> new EpochRecord(rs.getLong("version"),
                        rs.getObject("applied_at", OffsetDateTime.class).toInstant(), rs.getString("source"),
                        rs.getString("policy"), rs.getString("plan_id")))
                .list();
    }

    public Optional<PlacementEpoch> epoch(long version) {
        return jdbc.sql("SELECT placement_json FROM placement_epoch WHERE version = ?").param(version)
                .query((rs, i) -> PlacementJson.decode(rs.getString(1))).optional();
    }

    /** The current epoch: the highest version. */
    public Optional<PlacementEpoch> latest() {
        return jdbc.sql("SELECT placement_json FROM placement_epoch ORDER BY version DESC LIMIT 1")
                .query((rs, i) -> PlacementJson.decode(rs.getString(1))).optional();
    }
}
