-- Images of every host, mirrored from the agents' inventory reports (a host's rows are replaced
-- as a whole by each report), so fleet views never have to ask the agents.
create table host_image (
    host_id       uuid not null references host (id) on delete cascade,
    image_id      text not null,
    repo_tags     jsonb not null default '[]',
    repo_digests  jsonb not null default '[]',
    labels        jsonb not null default '{}',
    size_bytes    bigint not null,
    created_at    timestamptz,
    containers    integer not null default 0,
    dangling      boolean not null,
    reported_at   timestamptz not null,
    primary key (host_id, image_id)
);
create index host_image_by_image on host_image (image_id);
