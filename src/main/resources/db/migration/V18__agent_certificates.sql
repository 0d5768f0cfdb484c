-- Every client certificate Berth's CA issued an agent: the one from enrollment and each renewal
-- (the agent renews its own, see fleet.HostCertificates). An agent is recognised by any of its
-- host's certificates that has not expired and is not revoked, so after a renewal the old one keeps
-- working until it expires; removing the host deletes them all. host.cert_* stays the latest one.
create table agent_certificate (
    fingerprint text primary key,
    host_id     uuid not null references host (id) on delete cascade,
    serial      text not null,
    issued_at   timestamptz not null,
    not_after   timestamptz not null,
    revoked_at  timestamptz
);
create index agent_certificate_host on agent_certificate (host_id);

insert into agent_certificate (fingerprint, host_id, serial, issued_at, not_after)
    select cert_fingerprint, id, cert_serial, coalesce(created_at, now()), cert_not_after
    from host where cert_fingerprint is not null;
