-- Networks of every host, mirrored from the agents' inventory reports (a host's rows are replaced
-- as a whole by each report). The columns are those of GET /networks; containers is the network's
-- running containers by id ({"<id>": {"Name": ..., "IPv4Address": ...}}), as dockerd lists them.
create table host_network (
    host_id       uuid not null references host (id) on delete cascade,
    network_id    text not null,
    name          text not null,
    driver        text not null,
    scope         text not null,
    subnet        text,
    gateway       text,
    internal      boolean not null default false,
    labels        jsonb not null default '{}',
    containers    jsonb not null default '{}',
    created_at    timestamptz,
    reported_at   timestamptz not null,
    primary key (host_id, network_id)
);
create index host_network_by_name on host_network (name);

-- The address a host's agent link last connected from: where its published ports are reached
-- (unless its facts name an address of their own).
alter table host add column link_address text;
