-- Containers of every host, mirrored from the agents' inventory reports (a host's rows are replaced
-- as a whole by each report), so fleet views never have to ask the agents. The columns are those of
-- GET /containers/json; health is read from its Status text ("Up 5 minutes (healthy)").
create table host_container (
    host_id       uuid not null references host (id) on delete cascade,
    container_id  text not null,
    name          text not null,
    image         text not null,
    image_id      text not null,
    command       text not null,
    state         text not null,
    status        text not null,
    health        text,
    created_at    timestamptz,
    ports         jsonb not null default '[]',
    labels        jsonb not null default '{}',
    reported_at   timestamptz not null,
    primary key (host_id, container_id)
);
create index host_container_by_state on host_container (state);
create index host_container_by_created on host_container (created_at desc);
