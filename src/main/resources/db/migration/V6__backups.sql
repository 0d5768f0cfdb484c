-- Volume backups: the archive is backups/<id>.tar.zst under BERTH_DATA (written first: temp file,
-- fsync, rename), this row second, so a row always has its file. Host and volume are names, not
-- references: a backup outlives its host and can be restored onto another.
create table backup (
    id            uuid primary key,
    host_name     text not null,
    volume        text not null,
    labels        jsonb not null default '{}',
    size          bigint,
    files         bigint,
    archive_bytes bigint not null,
    sha256        text not null,
    mode          text,
    format        text not null,
    berth_version text,
    source        text not null,
    schedule_id   uuid,
    created_at    timestamptz not null
);
create index backup_by_volume on backup (host_name, volume, created_at);

-- Backup schedules run by the control plane: a cron expression (5 fields, UTC) and retention
-- (keep the last N, the newest of each of the last D days, of each of the last W weeks).
create table backup_schedule (
    id            uuid primary key,
    host_name     text not null,
    volume        text not null,
    mode          text not null,
    cron          text not null,
    keep_last     integer not null,
    keep_daily    integer not null,
    keep_weekly   integer not null,
    created_at    timestamptz not null,
    next_run_at   timestamptz not null,
    last_run_at   timestamptz,
    last_job_id   uuid,
    last_error    text
);
