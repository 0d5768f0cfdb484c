-- People and automation (issue 10): forced password changes, idle session timeout, token roles,
-- per-host grants, login throttling, and a richer, database-enforced append-only audit trail.

-- A password set by someone else (the generated admin password, an admin's reset) must be
-- changed at the next dashboard login.
alter table app_user add column must_change_password boolean not null default false;
alter table app_user add column password_changed_at timestamptz;

-- A token's role caps its owner's; null: the owner's role.
alter table api_token add column role text check (role in ('admin', 'operator', 'viewer'));
create index api_token_by_user on api_token (user_id);

-- Idle timeout: a session not used since last_seen_at + idle timeout has ended.
alter table web_session add column last_seen_at timestamptz;

-- Operators limited to some hosts: one row per host name or host label (key=value). An operator
-- without rows manages every host; admins always do, viewers never do.
create table user_host_grant (
    id          uuid primary key,
    user_id     uuid not null references app_user (id) on delete cascade,
    host_name   text,
    host_label  text,
    created_at  timestamptz not null default now(),
    check ((host_name is null) <> (host_label is null))
);
create index user_host_grant_by_user on user_host_grant (user_id);

-- Failed logins per subject ('user:<name>' or 'address:<ip>'), for exponential back-off.
create table login_throttle (
    subject          text primary key,
    failures         integer not null,
    last_failure_at  timestamptz not null,
    blocked_until    timestamptz
);

-- Where an action came in (dashboard, api, docker, enrollment, login) and on which host.
alter table audit_entry add column channel text;
alter table audit_entry add column host text;
create index audit_by_actor on audit_entry (actor, at desc);
create index audit_by_host on audit_entry (host, at desc);

-- Append-only, enforced by the database as well as by the application.
create function audit_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is append-only';
end
$$;
create trigger audit_entry_append_only before update or delete or truncate on audit_entry
    for each statement execute function audit_entry_is_append_only();
