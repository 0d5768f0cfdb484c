-- The load of each host over the last minutes, as its agent reports it every few seconds (kind
-- host-stats): one row a report, rows older than the charts' window deleted as new ones come.
-- Rates are per second over the interval since the agent's previous report; sizes in bytes.
create table host_stat_sample (
    host_id                 uuid not null references host (id) on delete cascade,
    sampled_at              timestamptz not null,
    cpu_percent             double precision not null,
    memory_used_bytes       bigint not null,
    memory_total_bytes      bigint not null,
    disk_used_bytes         bigint not null,
    disk_total_bytes        bigint not null,
    net_received_per_second bigint not null,
    net_sent_per_second     bigint not null,
    block_read_per_second   bigint not null,
    block_written_per_second bigint not null,
    primary key (host_id, sampled_at)
);
