#!/usr/bin/env bash
# Registry figures (issue 8): push and pull throughput of an image with one ~100 MB layer (random
# bytes, so compression gains nothing) through Berth — the stock docker CLI → the agent's socket
# → the agent → the control plane's /v2 — against podman pushing to and pulling from the same
# registry directly. Between the two pushes the image is deleted and garbage-collected, so each push
# uploads every byte. No other registry (docker-registry) is installed offline to compare against.
# Usage: bench/registry.sh   (as root; builds first if the jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/agent-harness.sh

REG=127.0.0.1:$PORT
PASSWORD=$(cat "$DATA/admin-password")
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rate() { awk -v mb="$1" -v ms="$2" 'BEGIN { printf "%.2f s, %.0f MB/s", ms / 1000, mb * 1000 / ms }'; }
wait_for "curl -sf -H 'Authorization: Bearer $TOKEN' $URL/api/v1/hosts/bench | grep -q '\"online\":true'"

mkdir -p "$DATA/rootfs"
# The docker CLI on the agent's socket; the agent pushes to and pulls from the control plane.
# (Through the control plane's Docker API tunnel the CLI's push currently fails after an HTTP/2
# GOAWAY with "authentication required": not measured here.)
docker() { DOCKER_HOST=unix://$SOCK command docker --config "$DATA/docker-config" "$@"; }
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

t0=$(now_ms); pod pull -q --tls-verify=false --creds "admin:$PASSWORD" "$REG/bench/big:1" >/dev/null; t1=$(now_ms)
echo "podman pull from Berth's registry (overlay storage, unpacked): $(rate "$MB" $((t1 - t0)))"

api -X DELETE "$URL/api/v1/registry/repositories/bench/big/tags/1"
t0=$(now_ms); report=$(api -X POST "$URL/api/v1/registry/gc?graceSeconds=0&untagged=true"); t1=$(now_ms)
echo "garbage collection after deleting the tag: $((t1 - t0)) ms: $report"

pod tag "$REG/bench/big:1" "$REG/bench/podman:1"
t0=$(now_ms); pod push -q --tls-verify=false --creds "admin:$PASSWORD" "$REG/bench/podman:1" >/dev/null; t1=$(now_ms)
echo "podman push to Berth's registry (every byte uploaded): $(rate "$MB" $((t1 - t0)))"
echo "storage use: $(api "$URL/api/v1/registry/repositories")"
