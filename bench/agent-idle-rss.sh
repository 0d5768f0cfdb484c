#!/usr/bin/env bash
# Agent idle RSS, side by side for several builds of the agent jar (issue 2's goal: <= 64 MB on later runs).
# One control plane (HTTPS, the agent on mutual TLS, as bench/foundation.sh); each jar's first run enrols
# (the first) or reconnects and records its class-data archive, then ROUNDS rounds of later runs, the jars
# taking turns so that the machine's load falls on all alike; VmRSS IDLE seconds after the host is online.
# Usage: bench/agent-idle-rss.sh [JAR...]   (as root; default: agent/target/berth-agent.jar)
#   e.g. copy a jar of main to /tmp/main/berth-agent.jar, then: bench/agent-idle-rss.sh /tmp/main/berth-agent.jar agent/target/berth-agent.jar
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
jars=("$@"); [[ ${#jars[@]} -gt 0 ]] || jars=(agent/target/berth-agent.jar)
for i in "${!jars[@]}"; do jars[i]=$(realpath "${jars[i]}"); done
source bench/lib/bench-run.sh 18283 berth-idle
URL=https://127.0.0.1:$PORT
curl() { command curl --cacert "$DATA/tls/ca.crt" "$@"; }
BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
cp_pid=$!
pids+=("$cp_pid")
until curl -sf "$URL/q/health/ready" >/dev/null 2>&1; do
  kill -0 "$cp_pid" 2>/dev/null || { tail -5 "$DATA/control-plane.log" >&2; exit 1; }
  sleep 0.05
done
TOKEN=$(cat "$DATA/admin-token")
JOIN=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/enrollment-tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
host_is() { curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/hosts/bench" | grep -q "\"online\":$1"; }
# run JAR LABEL [agent arguments]: starts the agent, prints its RSS after IDLE seconds online, stops it.
run() {
  BERTH_AGENT_JAR=$1 agent/bin/berth-agent --control-plane "$URL" --ca-cert "$DATA/tls/ca.crt" --name bench \
    --data "$DATA/agent" "${@:3}" >>"$DATA/agent.log" 2>&1 &
  local pid=$!
  pids=("$pid" "${pids[@]}")
  wait_for "host_is true"
  sleep "${IDLE:-12}"
  echo "$2: agent idle RSS $(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status") MB (load $(cut -d' ' -f1 /proc/loadavg))"
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  wait_for "host_is false"
}
for i in "${!jars[@]}"; do
  rm -f "${jars[i]%.jar}"-*.jsa
  if [[ $i == 0 ]]; then run "${jars[i]}" "${jars[i]}, first run" --join-token "$JOIN"; else run "${jars[i]}" "${jars[i]}, first run"; fi
done
for round in $(seq "${ROUNDS:-3}"); do
  for jar in "${jars[@]}"; do run "$jar" "$jar, later run $round"; done
done
for jar in "${jars[@]}"; do
  echo "$jar: class-data archive $(stat -c %s "${jar%.jar}"-*.jsa | awk '{ printf "%.2f", $1 / 1048576 }') MB"
done
