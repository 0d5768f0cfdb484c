-- Volumes of every host, mirrored from the agents' inventory reports (a host's rows are replaced
-- as a whole by each report). The columns are those of GET /volumes; containers is how many
-- containers (running or not) use the volume, so dangling = (containers = 0).
create table host_volume (
    host_id       uuid not null references host (id) on delete cascade,
    name          text not null,
    driver        text not null,
    mountpoint    text not null,
    scope         text not null,
    labels        jsonb not null default '{}',
    options       jsonb not null default '{}',
    created_at    timestamptz,
    containers    integer not null default 0,
    reported_at   timestamptz not null,
    primary key (host_id, name)
);
create index host_volume_by_name on host_volume (name);
