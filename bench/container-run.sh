#!/usr/bin/env bash
# Container start figures, Berth's agent (stock docker CLI on its local socket) vs podman, printed side by side:
#   1. `docker run --rm --network none busybox true` vs `podman run --rm --network none busybox true`,
#      BENCH_RUNS (20) alternating runs each after 2 warm-ups: median, p90, ratio;
#   2. create+start at the engine's own API on a unix socket: p50/p99 over BENCH_API_RUNS (50), the agent's
#      socket vs `podman system service` (same client, bench/ContainerStartBench.java);
#   3. BENCH_MANY (50) `run -d ... sleep 300` started at once (xargs -P), total time for both, and the
#      agent's RSS with them running; then everything is removed.
# Starts its own control plane (the agent must enroll once) and agent in a temp dir, with the agent's
# socket there too; podman gets a private --root. Needs root, runc, conmon, podman, the docker CLI.
# Usage: bench/container-run.sh   (builds first if the jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-20}
API_RUNS=${BENCH_API_RUNS:-50}
MANY=${BENCH_MANY:-50}
AGENT_NAME=bench-run
source bench/lib/agent-harness.sh

echo "== 1. run --rm --network none busybox true, $RUNS runs each (alternating, after 2 warm-ups)"
for _ in 1 2; do berth run --rm --network none busybox true; pod run --rm --network none "${podman_limits[@]}" busybox true; done >/dev/null
: >"$DATA/berth.us"; : >"$DATA/podman.us"
for _ in $(seq "$RUNS"); do
  timed berth run --rm --network none busybox true >>"$DATA/berth.us"
  timed pod run --rm --network none "${podman_limits[@]}" busybox true >>"$DATA/podman.us"
done
read -r bm bp < <(stats "$DATA/berth.us")
read -r pm pp < <(stats "$DATA/podman.us")
echo "berth (docker CLI -> local socket): median $bm ms, p90 $bp ms"
echo "podman:                             median $pm ms, p90 $pp ms"
awk -v b="$bm" -v p="$pm" 'BEGIN { printf "berth time / podman time (median): %.2fx (goal <= 1.0x)\n", b / p }'

echo "== 2. create+start at the engine's own API on a unix socket, $API_RUNS runs each"
echo "berth (agent's local socket):"
java bench/ContainerStartBench.java "$SOCK" busybox "$API_RUNS"
# podman's Docker-compatible API service, same client, same requests.
"$DATA/pod" system service --time 0 "unix://$DATA/podman.sock" >>"$DATA/podman-service.log" 2>&1 &
pids=("$!" "${pids[@]}")
wait_for "curl -sf --unix-socket $DATA/podman.sock http://d/_ping"
podman_ulimits=''
(( ${#podman_limits[@]} == 0 )) ||
  podman_ulimits='"Ulimits":[{"Name":"nofile","Soft":1024,"Hard":1024},{"Name":"nproc","Soft":1024,"Hard":1024}]'
echo "podman (podman system service):"
java bench/ContainerStartBench.java "$DATA/podman.sock" busybox "$API_RUNS" "$podman_ulimits"

echo "== 3. $MANY containers (sleep 300) started at once"
echo "agent RSS before: $(rss_mb "$agent_pid") MB"
start_many() { # start_many berth|pod [run options]
  seq "$MANY" | xargs -P "$MANY" -I{} "$DATA/$1" run -d --network none "${@:2}" busybox sleep 300 >/dev/null
}
t0=$(now_us); start_many berth; t1=$(now_us)
running=$(berth ps -q | wc -l)
sleep 2
echo "berth:  $(( (t1 - t0) / 1000 )) ms for $MANY ($running running); agent RSS with them running: $(rss_mb "$agent_pid") MB (goal <= 128 MB)"
t0=$(now_us); start_many pod "${podman_limits[@]}"; t1=$(now_us)
echo "podman: $(( (t1 - t0) / 1000 )) ms for $MANY ($(pod ps -q | wc -l) running)"
t0=$(now_us); remove_all; t1=$(now_us)
echo "berth rm -f of all: $(( (t1 - t0) / 1000 )) ms"
t0=$(now_us); pod rm -f -t 0 -a >/dev/null; t1=$(now_us)
echo "podman rm -f -t 0 -a: $(( (t1 - t0) / 1000 )) ms"
echo "agent RSS after removing them: $(rss_mb "$agent_pid") MB"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
