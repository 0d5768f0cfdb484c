#!/usr/bin/env bash
# Registry figures (issue 8): push and pull throughput of an image with one ~100 MB layer (random
# bytes, so compression gains nothing) through Berth — the stock docker CLI → the Docker API tunnel
# → the agent → the control plane's /v2 — against podman pushing to and pulling from the same
# registry directly. Between the two pushes the image is deleted and garbage-collected, so each push
# uploads every byte. No other registry (docker-registry) is installed offline to compare against.
# Usage: bench/registry.sh   (as root; builds first if the jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/quarkus-app/quarkus-run.jar && -f agent/target/berth-agent.jar ]] || ./mvnw -B -q package -DskipTests -Dexec.skip

PORT=${BENCH_PORT:-18283}
URL=http://127.0.0.1:$PORT
REG=127.0.0.1:$PORT
DATA=$(mktemp -d /tmp/berth-bench-registry.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  podman --root "$DATA/podman" --runroot "$DATA/podman-run" --storage-driver vfs rmi -af >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() { until eval "$1" >/dev/null 2>&1; do sleep 0.05; done; }
rate() { awk -v mb="$1" -v ms="$2" 'BEGIN { printf "%.2f s, %.0f MB/s", ms / 1000, mb * 1000 / ms }'; }

BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
pids+=("$!")
wait_for "curl -sf $URL/q/health/ready"
TOKEN=$(cat "$DATA/admin-token")
PASSWORD=$(cat "$DATA/admin-password")
JOIN=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/enrollment-tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
agent/bin/berth-agent --control-plane "$URL" --name bench --data "$DATA/agent" --join-token "$JOIN" >>"$DATA/agent.log" 2>&1 &
pids=("$!" "${pids[@]}")
wait_for "curl -sf -H 'Authorization: Bearer $TOKEN' $URL/api/v1/hosts/bench | grep -q '\"online\":true'"

mkdir -p "$DATA/docker-config" "$DATA/rootfs"
echo "{\"HttpHeaders\":{\"Authorization\":\"Bearer $TOKEN\"}}" >"$DATA/docker-config/config.json"
docker() { DOCKER_CONFIG=$DATA/docker-config DOCKER_HOST=tcp://127.0.0.1:$PORT/docker/bench command docker "$@"; }
podman() { command podman --root "$DATA/podman" --runroot "$DATA/podman-run" --storage-driver vfs "$@"; }
api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }

head -c 100000000 /dev/urandom >"$DATA/rootfs/payload"
tar -cf "$DATA/rootfs.tar" -C "$DATA/rootfs" .
MB=$(( $(stat -c %s "$DATA/rootfs.tar") / 1000000 ))
docker import - bench/big:1 <"$DATA/rootfs.tar" >/dev/null
docker tag bench/big:1 "$REG/bench/big:1"
echo "image: one layer of $MB MB"

t0=$(now_ms); docker push "$REG/bench/big:1" >/dev/null; t1=$(now_ms)
echo "docker push through Berth (CLI → agent → control plane): $(rate "$MB" $((t1 - t0)))"
docker rmi "$REG/bench/big:1" bench/big:1 >/dev/null
t0=$(now_ms); docker pull "$REG/bench/big:1" >/dev/null; t1=$(now_ms)
echo "docker pull through Berth (control plane → agent, unpacked): $(rate "$MB" $((t1 - t0)))"

t0=$(now_ms); podman pull -q --tls-verify=false --creds "admin:$PASSWORD" "$REG/bench/big:1" >/dev/null; t1=$(now_ms)
echo "podman pull from Berth's registry (vfs storage, unpacked): $(rate "$MB" $((t1 - t0)))"

api -X DELETE "$URL/api/v1/registry/repositories/bench/big/tags/1"
t0=$(now_ms); report=$(api -X POST "$URL/api/v1/registry/gc?graceSeconds=0&untagged=true"); t1=$(now_ms)
echo "garbage collection after deleting the tag: $((t1 - t0)) ms: $report"

podman tag "$REG/bench/big:1" "$REG/bench/podman:1"
t0=$(now_ms); podman push -q --tls-verify=false --creds "admin:$PASSWORD" "$REG/bench/podman:1" >/dev/null; t1=$(now_ms)
echo "podman push to Berth's registry (every byte uploaded): $(rate "$MB" $((t1 - t0)))"
echo "storage use: $(api "$URL/api/v1/registry/repositories")"
