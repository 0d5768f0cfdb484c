-- Repositories anyone may pull from without credentials (set through /api/v1/registry/repositories).
-- A repository may be configured before anything is pushed to it.
alter table registry_repository add column anonymous_pull boolean not null default false;
