-- The built-in OCI registry's metadata. Blobs live on disk under $BERTH_DATA/registry (see
-- BlobStore), shared by every repository; a repository exists once a manifest is pushed to it.
-- Manifests are kept whole here (at most 4 MiB each); registry_manifest_blob lists the blobs and
-- child manifests each one refers to, for garbage collection and storage use.
create table registry_repository (
    name          text primary key,
    created_at    timestamptz not null default now()
);

create table registry_manifest (
    repository    text not null references registry_repository (name) on delete cascade,
    digest        text not null,
    media_type    text not null,
    content       bytea not null,
    subject       text,
    created_at    timestamptz not null default now(),
    primary key (repository, digest)
);
create index registry_manifest_by_subject on registry_manifest (repository, subject) where subject is not null;

create table registry_manifest_blob (
    repository    text not null,
    manifest      text not null,
    digest        text not null,
    size          bigint not null,
    primary key (repository, manifest, digest),
    foreign key (repository, manifest) references registry_manifest (repository, digest) on delete cascade
);
create index registry_manifest_blob_by_digest on registry_manifest_blob (digest);

create table registry_tag (
    repository    text not null,
    name          text not null,
    manifest      text not null,
    updated_at    timestamptz not null default now(),
    primary key (repository, name),
    foreign key (repository, manifest) references registry_manifest (repository, digest) on delete cascade
);
