-- placement-service schema. Plain SQL that runs on PostgreSQL and on H2 (MODE=PostgreSQL).
-- Epochs are stored as PlacementJson text (comm-lib), the one JSON form of a placement.

-- every applied epoch, versions only increase; the highest is the current epoch
CREATE TABLE placement_epoch (
    version         BIGINT PRIMARY KEY,
    applied_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    source          VARCHAR(32) NOT NULL,    -- startup | file | adopted | plan | pin | replicas | rollback | auto
    policy          VARCHAR(32),             -- the policy that planned it, if any
    plan_id         VARCHAR(64),
    placement_json  TEXT NOT NULL
);

CREATE TABLE placement_plan (
    id               VARCHAR(64) PRIMARY KEY,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    policy           VARCHAR(32) NOT NULL,
    redundant_slots  INTEGER NOT NULL,
    layers           VARCHAR(4000),          -- comma-separated layers re-planned; NULL = all
    based_on_version BIGINT NOT NULL,
    placement_json   TEXT NOT NULL,          -- version 0: a plan has no version until applied
    effect_json      TEXT NOT NULL,
    applied_version  BIGINT
);

-- administrator constraints per (layer, logical expert)
CREATE TABLE expert_pin (
    layer_index INTEGER NOT NULL,
    expert      INTEGER NOT NULL,
    instances   VARCHAR(4000) NOT NULL,      -- comma-separated MoE instances, '' = not pinned
    replicas    INTEGER NOT NULL,            -- requested replica count, 0 = not requested
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (layer_index, expert)
);

-- automatic re-planning settings: one row, id 1
CREATE TABLE auto_replan (
    id              INTEGER PRIMARY KEY,
    enabled         BOOLEAN NOT NULL,
    threshold       DOUBLE PRECISION NOT NULL,
    interval_ms     BIGINT NOT NULL,
    policy          VARCHAR(32) NOT NULL,
    redundant_slots INTEGER,                 -- NULL = keep the current epoch's
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
