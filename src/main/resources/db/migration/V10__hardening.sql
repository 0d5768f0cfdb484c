-- Host paths that people other than admins may bind into containers on a host (a JSON array of absolute
-- path prefixes); null: not limited.
alter table host add column allowed_bind_prefixes jsonb;
