-- Fleet-wide operations and host labels.
--
-- Host labels live in host.labels (jsonb, since V1), set through /api/v1/hosts/{host}/labels;
-- the index lets label selectors (labels @> '{"env":"prod"}') find hosts without a scan.
create index host_labels on host using gin (labels jsonb_path_ops);

-- One operation on several hosts at once: a pull, a run, a stop or removal of containers by label,
-- an image prune, volume backups. Its target is kept as asked for ({"hosts": [...]}, {"selector":
-- "env=prod,zone=a"} or {"all": true}); the hosts it resolved to are its child jobs (job.operation_id),
-- one per host (a backup: one per volume), which carry the per-host state, progress and result.
-- The operation's own state is derived from its children's.
create table fleet_operation (
    id            uuid primary key,
    kind          text not null,
    params        jsonb not null default '{}',
    target        jsonb not null,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    deadline      timestamptz not null,
    cancelled_at  timestamptz,
    -- hosts a target matched but the operation left out, with why: [{"host": ..., "reason": ...}]
    skipped       jsonb not null default '[]'
);
create index fleet_operation_by_creation on fleet_operation (created_at desc);

alter table job add column operation_id uuid references fleet_operation (id) on delete cascade;
create index job_by_operation on job (operation_id) where operation_id is not null;
