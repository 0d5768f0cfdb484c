#!/usr/bin/env bash
# Foundation figures (issue 2), printed:
#   control plane start-to-ready (first start, which creates the embedded PostgreSQL, and a restart) and RSS,
#   agent start-to-online and idle RSS,
#   job round trip p50/p99 over 1,000 jobs, link throughput of one stream.
# Usage: bench/foundation.sh   (as root; builds first if the jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/quarkus-app/quarkus-run.jar && -f agent/target/berth-agent.jar ]] || ./mvnw -B -q package -DskipTests

source bench/lib/bench-run.sh 18282
URL=https://127.0.0.1:$PORT

# The control plane serves HTTPS with Berth's CA (created at its first start): clients trust that CA,
# the agent links with mutual TLS as in production.
curl() { command curl --cacert "$DATA/tls/ca.crt" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# Polls finer than bench-run.sh's wait_for: start-up times are among the figures.
wait_for() { until eval "$1" >/dev/null 2>&1; do sleep 0.01; done; }

start_control_plane() {
  # shellcheck disable=SC2086
  BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java ${BERTH_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
  cp_pid=$!
  pids+=("$cp_pid")
}

t0=$(now_ms); start_control_plane; wait_for "curl -sf $URL/q/health/ready"; t1=$(now_ms)
echo "control plane start-to-ready, first start (creates the database): $((t1 - t0)) ms"
kill "$cp_pid"; while kill -0 "$cp_pid" 2>/dev/null; do sleep 0.05; done
t0=$(now_ms); start_control_plane; wait_for "curl -sf $URL/q/health/ready"; t1=$(now_ms)
echo "control plane start-to-ready, restart: $((t1 - t0)) ms"

TOKEN=$(cat "$DATA/admin-token")
JOIN=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/enrollment-tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
host_online() { curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/hosts/bench" | grep -q '"online":true'; }
host_offline() { curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/hosts/bench" | grep -q '"online":false'; }
# The agent as ./berth starts it (agent/bin/berth-agent). Its first run records the class-data
# archive it maps on later runs, so both runs are measured.
start_agent() {
  agent/bin/berth-agent --control-plane "$URL" --ca-cert "$DATA/tls/ca.crt" --name bench --data "$DATA/agent" "$@" >>"$DATA/agent.log" 2>&1 &
  agent_pid=$!
  pids=("$agent_pid" "${pids[@]}")
}
rm -f agent/target/berth-agent-*.jsa
for run in first second; do
  t0=$(now_ms)
  if [[ $run == first ]]; then start_agent --join-token "$JOIN"; else start_agent; fi
  wait_for host_online
  t1=$(now_ms)
  echo "agent start-to-online, $run run$([[ $run == first ]] && echo ' (includes enrollment, records the class archive)'): $((t1 - t0)) ms"
  sleep 10
  echo "agent idle RSS, $run run: $(rss_mb "$agent_pid") MB"
  if [[ $run == first ]]; then
    kill "$agent_pid"; while kill -0 "$agent_pid" 2>/dev/null; do sleep 0.05; done
    wait_for host_offline
  fi
done
echo "control plane RSS (JVM, without PostgreSQL): $(rss_mb "$cp_pid") MB"

keytool -importcert -noprompt -file "$DATA/tls/ca.crt" -keystore "$DATA/trust.p12" -storetype PKCS12 -storepass berth-bench >/dev/null 2>&1
java -Djavax.net.ssl.trustStore="$DATA/trust.p12" -Djavax.net.ssl.trustStorePassword=berth-bench \
  bench/FoundationBench.java "$URL" "$TOKEN" bench
echo "agent RSS after the run: $(rss_mb "$agent_pid") MB; control plane RSS: $(rss_mb "$cp_pid") MB"
