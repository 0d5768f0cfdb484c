#!/usr/bin/env bash
# Fleet-scale figures (issue 11): how many agents one control plane holds on this machine.
# Starts a fresh control plane (embedded PostgreSQL, fsync on), then the agent simulator
# (src/test/java/dev/berth/control/sim): N simulated agents in one process, each enrolled through
# the API with its own credential, holding a real WebSocket link with heartbeats every 3 s and an
# inventory of C containers every S seconds, while jobs go to random agents at R per second.
# Prints agents held, dispatch latency p50/p99, control-plane CPU, heap and RSS, PostgreSQL CPU.
# Usage: bench/fleet-scale.sh [agents=10000] [containers=20] [inventory s=60] [hold s=120] [jobs/s=20]
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${1:-10000} CONTAINERS=${2:-20} INVENTORY_S=${3:-60} HOLD_S=${4:-120} JOBS_PER_S=${5:-20}

[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  ./mvnw -B -q test-compile -Dexec.skip -Dfrontend.skip
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
fi

source bench/lib/bench-run.sh 18283 berth-fleet-bench
URL=http://127.0.0.1:$PORT
ulimit -n "$(ulimit -Hn)"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_pids() { local main; main=$(pgrep -f "postgres.*-D $DATA/postgres" | head -1); echo "$main" $(pgrep -P "$main"); }
postgres_ticks() { local sum=0 pid; for pid in $(postgres_pids); do sum=$((sum + $(cpu_ticks "$pid"))); done; echo $sum; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
heap_mb() { jcmd "$1" GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub("K,?", "", v); printf "%.0f", v / 1024; exit } }'; }

# Plain HTTP (BERTH_TLS=off, agents on their bearer secrets, as behind a TLS-terminating load
# balancer): one JDK HTTP client carries every simulated link, and a client certificate is per client.
# shellcheck disable=SC2086
BERTH_TLS=off BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java ${BERTH_JAVA_OPTS:--Xmx2g} -jar target/quarkus-app/quarkus-run.jar >"$DATA/control-plane.log" 2>&1 &
cp_pid=$!
pids+=("$cp_pid")
until curl -sf "$URL/q/health/ready" >/dev/null && [[ -s $DATA/admin-token ]]; do
  kill -0 "$cp_pid" 2>/dev/null || { echo "the control plane failed to start:"; tail -20 "$DATA/control-plane.log"; exit 1; }
  sleep 0.2
done
TOKEN=$(cat "$DATA/admin-token")
# The token file is written just before the transaction that stores the token commits.
until curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/hosts" >/dev/null; do sleep 0.2; done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $AGENTS agents, $CONTAINERS containers each, inventory every ${INVENTORY_S} s, $JOBS_PER_S jobs/s"

HZ=$(getconf CLK_TCK)
: >"$DATA/sim.out"
java -Xss256k -Xmx3g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.berth.control.sim.AgentSimulator "$URL" "$TOKEN" "$AGENTS" "$CONTAINERS" "$INVENTORY_S" "$HOLD_S" "$JOBS_PER_S" \
  >"$DATA/sim.out" 2>"$DATA/sim.err" &
sim_pid=$!
pids=("$sim_pid" "${pids[@]}")
tail -f "$DATA/sim.out" --pid "$sim_pid" &
# Once every agent is linked and the hold began: CPU of the control plane and of PostgreSQL over 30 s.
until grep -q "^holding" "$DATA/sim.out" || ! kill -0 "$sim_pid" 2>/dev/null; do sleep 1; done
if kill -0 "$sim_pid" 2>/dev/null; then
  sleep $(( HOLD_S > 60 ? 15 : 1 ))
  cp0=$(cpu_ticks "$cp_pid"); pg0=$(postgres_ticks); sleep 30; cp1=$(cpu_ticks "$cp_pid"); pg1=$(postgres_ticks)
  echo "control plane CPU during the hold: $(( (cp1 - cp0) * 100 / HZ / 30 ))% of one core; PostgreSQL: $(( (pg1 - pg0) * 100 / HZ / 30 ))% of one core"
  echo "control plane heap used: $(heap_mb "$cp_pid") MB (-Xmx2g); RSS $(rss_mb "$cp_pid") MB"
fi
wait "$sim_pid" || { echo "the simulator failed:"; tail -20 "$DATA/sim.err"; exit 1; }
sleep 0.5
