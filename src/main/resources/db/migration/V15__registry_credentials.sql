-- Credentials for external registries (issue 8), for one host (host_id) or the whole fleet (null):
-- an agent pulling from or pushing to `registry` without credentials of its own uses them, the
-- host's own before the fleet-wide ones. The secret is encrypted with AES-256-GCM under a key kept
-- in BERTH_DATA (registry-credentials.key), never in the database, and the API never returns it.
create table registry_credential (
    id          uuid primary key,
    registry    text not null,
    host_id     uuid references host (id) on delete cascade,
    username    text not null,
    secret      bytea not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create unique index registry_credential_scope
    on registry_credential (registry, coalesce(host_id, '00000000-0000-0000-0000-000000000000'));
