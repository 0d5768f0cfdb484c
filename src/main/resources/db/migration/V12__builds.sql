-- Image builds started from the dashboard or /api/v1/hosts/{host}/builds: who started one, when,
-- on which host, the tags and build args asked for, how it ended (state running, succeeded or
-- failed; the image id; the error), how long it took, and the last part of its output. replica is
-- the control-plane replica that runs the build (its builds still running when it starts again failed).
create table build (
    id           uuid primary key,
    host_name    text not null,
    started_by   text not null,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    duration_ms  bigint,
    tags         jsonb not null,
    build_args   jsonb not null,
    dockerfile   text not null,
    state        text not null,
    image_id     text,
    error        text,
    output_tail  text not null default '',
    replica      text not null
);
create index build_host_started on build (host_name, started_at desc);
