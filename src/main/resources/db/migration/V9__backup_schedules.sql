-- Backup schedules (the table came with V6): a schedule targets a host by name or every host
-- with a label (host_label "key" or "key=value"), one volume or every volume (volume null).
-- pending counts the backups of the current run still going; last_state is running, succeeded
-- or failed; last_error says what failed.
alter table backup_schedule alter column host_name drop not null;
alter table backup_schedule alter column volume drop not null;
alter table backup_schedule add column host_label text;
alter table backup_schedule add column pending integer not null default 0;
alter table backup_schedule add column last_state text;
alter table backup_schedule add column created_by text;

-- One row per occurrence of a schedule that a control-plane replica claimed: the primary key makes
-- sure that, with several replicas, only one runs a given occurrence.
create table backup_schedule_run (
    schedule_id uuid not null references backup_schedule (id) on delete cascade,
    occurrence  timestamptz not null,
    replica     text not null,
    claimed_at  timestamptz not null,
    primary key (schedule_id, occurrence)
);

-- The backups of every volume of one container, made together, share a group id.
alter table backup add column group_id uuid;
