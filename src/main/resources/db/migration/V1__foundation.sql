-- Berth control plane, first schema: the fleet, jobs, people and the audit trail.

create table host (
    id            uuid primary key,
    name          text not null unique,
    labels        jsonb not null default '{}',
    facts         jsonb not null default '{}',
    online        boolean not null default false,
    -- which control-plane replica holds the host's link while it is online
    link_replica  text,
    connected_at  timestamptz,
    last_seen_at  timestamptz,
    created_at    timestamptz not null default now()
);

create table enrollment_token (
    id            uuid primary key,
    token_hash    text not null unique,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    used_at       timestamptz,
    used_by_host  uuid references host (id) on delete set null
);

create table agent_credential (
    id            uuid primary key,
    host_id       uuid not null references host (id) on delete cascade,
    secret_hash   text not null unique,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);

create table job (
    id            uuid primary key,
    host_id       uuid not null references host (id) on delete cascade,
    kind          text not null,
    params        jsonb not null default '{}',
    state         text not null check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')),
    created_by    text not null,
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    -- the job times out when it has not finished by then (null: never)
    deadline      timestamptz,
    progress      integer,
    result        jsonb,
    error         text
);
create index job_by_host_and_state on job (host_id, state);
create index job_by_creation on job (created_at desc);
create index job_unfinished_deadline on job (deadline) where state in ('queued', 'running');

create table job_event (
    id            bigserial primary key,
    job_id        uuid not null references job (id) on delete cascade,
    at            timestamptz not null default now(),
    state         text not null,
    message       text,
    percent       integer
);
create index job_event_by_job on job_event (job_id, id);

create table app_user (
    id                     uuid primary key,
    username               text not null unique,
    password_hash          text not null,
    role                   text not null check (role in ('admin', 'operator', 'viewer')),
    disabled               boolean not null default false,
    created_at             timestamptz not null default now()
);

create table api_token (
    id            uuid primary key,
    user_id       uuid not null references app_user (id) on delete cascade,
    name          text not null,
    token_hash    text not null unique,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

create table web_session (
    id            uuid primary key,
    user_id       uuid not null references app_user (id) on delete cascade,
    session_hash  text not null unique,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null
);

-- Append-only: the application never updates or deletes rows here.
create table audit_entry (
    id            bigserial primary key,
    at            timestamptz not null default now(),
    actor         text not null,
    source        text,
    action        text not null,
    target        text,
    details       jsonb not null default '{}',
    outcome       text not null
);
create index audit_by_time on audit_entry (at desc);
