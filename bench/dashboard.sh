#!/usr/bin/env bash
# Dashboard figures (issue 9): server-side render time of a host's page and of the containers
# pages with 1,000 containers in the host's inventory (PostgreSQL), p50/p99 over 50 requests after
# 20 warm-up ones each, against the goal of 150 ms. The containers are written straight into the
# inventory tables (a host that never connects keeps them: no agent report replaces them), with
# the shapes an agent reports: names, images, ports, labels, states and health.
# Usage: bench/dashboard.sh   (builds first if the control plane's jar is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests -Dexec.skip

PORT=${BENCH_PORT:-18284}
URL=http://127.0.0.1:$PORT
DATA=$(mktemp -d /tmp/berth-bench.XXXXXX)
CONTAINERS=${BENCH_CONTAINERS:-1000}
cp_pid=
cleanup() {
  if [[ -n $cp_pid ]]; then kill "$cp_pid" 2>/dev/null || true; while kill -0 "$cp_pid" 2>/dev/null; do sleep 0.1; done; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Plain HTTP (BERTH_TLS=off): the figure is the server's render time, not TLS.
BERTH_TLS=off BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
cp_pid=$!
until curl -sf "$URL/q/health/ready" >/dev/null 2>&1; do sleep 0.1; done
TOKEN=$(cat "$DATA/admin-token")

# The embedded PostgreSQL: its port is the 4th line of postmaster.pid.
export PGPASSWORD; PGPASSWORD=$(cat "$DATA/postgres/password")
PGPORT=$(sed -n 4p "$DATA/postgres/data/postmaster.pid")
psql -q -h localhost -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -v n="$CONTAINERS" <<'SQL'
insert into host (id, name, facts, online, created_at)
  values ('00000000-0000-4000-8000-000000001000', 'bench-1000', '{"cpuCount": 8, "memoryTotalBytes": 34359738368}', false, now());
insert into host_container (host_id, container_id, name, image, image_id, command, state, status, health,
                            created_at, ports, labels, reported_at)
select '00000000-0000-4000-8000-000000001000',
       md5('c' || i) || md5('d' || i),
       'app-' || lpad(i::text, 4, '0'),
       'registry.example/team/service-' || (i % 40) || ':1.' || (i % 7),
       'sha256:' || md5('i' || (i % 40)) || md5('j' || (i % 40)),
       '/bin/server --port 8080 --worker ' || i,
       case when i % 10 = 0 then 'exited' when i % 97 = 0 then 'restarting' else 'running' end,
       case when i % 10 = 0 then 'Exited (0) 2 hours ago' else 'Up 3 hours' || case when i % 5 = 0 then ' (healthy)' else '' end end,
       case when i % 5 = 0 and i % 10 <> 0 then 'healthy' end,
       now() - (i || ' minutes')::interval,
       case when i % 3 = 0 then jsonb_build_array(jsonb_build_object('IP', '0.0.0.0', 'PrivatePort', 8080,
            'PublicPort', 20000 + i, 'Type', 'tcp')) else '[]'::jsonb end,
       jsonb_build_object('app', 'service-' || (i % 40), 'team', 'team-' || (i % 5), 'tier', 'web'),
       now()
from generate_series(1, :n) as i;
SQL
echo "inventory: $CONTAINERS containers on host bench-1000"

java bench/DashboardBench.java "$URL" "$TOKEN" \
  "/hosts/bench-1000" "/containers?host=bench-1000" "/containers" "/containers?name=app-0777" "/"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
