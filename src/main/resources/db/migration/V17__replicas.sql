-- Control-plane replicas on one PostgreSQL: where each replica is reached by the others, and
-- the secret they prove themselves with when one forwards a host's Docker API call to another.
create table replica (
  name         text primary key,
  internal_url text not null,
  started_at   timestamptz not null default now(),
  seen_at      timestamptz not null default now()
);

create table replica_secret (
  singleton boolean primary key default true check (singleton),
  secret    text not null
);
insert into replica_secret (secret)
  values (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''));
