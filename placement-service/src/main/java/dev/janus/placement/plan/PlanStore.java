package dev.janus.placement.plan;

import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.placement.policy.Placement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Plans (table placement_plan): the placement as PlacementJson (version 0), the effect as JSON. */
@Repository
public class PlanStore {

    private static final String COLUMNS = "id, created_at, policy, redundant_slots, layers, based_on_version, "
            + "placement_json, effect_json, applied_version";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public PlanStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(PlanRecord plan) {
        jdbc.sql("INSERT INTO placement_plan (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(plan.id(), OffsetDateTime.ofInstant(plan.createdAt(), ZoneOffset.UTC), plan.policy(),
                        plan.redundantSlots(), plan.layers() == null ? null
                                : plan.layers().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        plan.basedOnVersion(), PlacementJson.encode(plan.placement().toEpoch(0)),
                        json.writeValueAsString(plan.effect()), plan.appliedVersion())
                .update();
    }

    public Optional<PlanRecord> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM placement_plan WHERE id = ?").param(id)
                .query((rs, i) -> read(rs)).optional();
    }

    /** Newest first. */
    public List<PlanRecord> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM placement_plan ORDER BY created_at DESC, id")
                .query((rs, i) -> read(rs)).list();
    }

    public void markApplied(String id, long version) {
        jdbc.sql("UPDATE placement_plan SET applied_version = ? WHERE id = ?").params(version, id).update();
    }

    private PlanRecord read(ResultSet rs) throws SQLException {
        String layers = rs.getString("layers");
        long applied = rs.getLong("applied_version");
        Long appliedVersion = rs.wasNull() ? null : applied;
        return new PlanRecord(rs.getString("id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("policy"), rs.getInt("redundant_slots"),
                layers == null ? null : Arrays.stream(layers.split(",")).map(Integer::valueOf).toList(),
                rs.getLong("based_on_version"), Placement.of(PlacementJson.decode(rs.getString("placement_json"))),
                json.readValue(rs.getString("effect_json"), PredictedEffect.class), appliedVersion);
    }
}
