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
[[ -f target/quarkus-app/quarkus-run.jar && -f agent/target/berth-agent.jar ]] || ./mvnw -B -q package -DskipTests

RUNS=${BENCH_RUNS:-20}
API_RUNS=${BENCH_API_RUNS:-50}
MANY=${BENCH_MANY:-50}
PORT=${BENCH_PORT:-18283}
URL=http://127.0.0.1:$PORT
DATA=$(mktemp -d /tmp/berth-bench-run.XXXXXX)
SOCK=$DATA/docker.sock
pids=()

berth() { DOCKER_HOST=unix://$SOCK docker --config "$DATA/docker-config" "$@"; }
pod() { podman --root "$DATA/podman/root" --runroot "$DATA/podman/run" --storage-driver overlay \
  --events-backend none --cgroup-manager cgroupfs "$@"; }
# The same two as commands, for xargs.
printf '#!/bin/sh\nexec env DOCKER_HOST=unix://%s docker --config %s/docker-config "$@"\n' "$SOCK" "$DATA" >"$DATA/berth"
printf '#!/bin/sh\nexec podman --root %s/podman/root --runroot %s/podman/run --storage-driver overlay --events-backend none --cgroup-manager cgroupfs "$@"\n' \
  "$DATA" "$DATA" >"$DATA/pod"
chmod +x "$DATA/berth" "$DATA/pod"
remove_all() { local ids; mapfile -t ids < <(berth ps -aq); (( ${#ids[@]} == 0 )) || berth rm -f "${ids[@]}" >/dev/null; }
cleanup() {
  if [[ -S $SOCK ]]; then remove_all || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  pod rm -f -t 0 -a >/dev/null 2>&1 || true
  pod system reset -f >/dev/null 2>&1 || true
  awk -v d="$DATA/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

now_us() { echo $(( $(date +%s%N) / 1000 )); }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
wait_for() { until eval "$1" >/dev/null 2>&1; do sleep 0.05; done; }
# median and p90 (nearest rank) of the numbers in file $1, in ms with one decimal
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.999)];
  printf "%.1f %.1f\n", m / 1000, p / 1000 }'; }

# A control plane for the agent to enroll with, and the agent serving its socket in $DATA.
BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
pids+=($!)
wait_for "curl -sf $URL/q/health/ready"
TOKEN=$(cat "$DATA/admin-token")
JOIN=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/enrollment-tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
agent/bin/berth-agent --control-plane "$URL" --name bench-run --data "$DATA/agent" --docker-socket "$SOCK" \
  --join-token "$JOIN" >>"$DATA/agent.log" 2>&1 &
agent_pid=$!
pids=("$agent_pid" "${pids[@]}")
wait_for "curl -sf --unix-socket $SOCK http://docker/_ping"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "agent pid $agent_pid, socket $SOCK; docker $(docker --version | cut -d' ' -f3 | tr -d ,), $(podman --version)"

# The same busybox rootfs (static busybox, every applet linked) imported into both.
rootfs=$DATA/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc"
cp /bin/busybox "$rootfs/bin/"
for applet in $(/bin/busybox --list); do [[ -e $rootfs/bin/$applet ]] || ln -s busybox "$rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
tar --sort=name --mtime=@0 --owner=0 --group=0 -cf "$DATA/busybox.tar" -C "$rootfs" .
berth import --change 'CMD ["sh"]' "$DATA/busybox.tar" busybox:latest >/dev/null
pod import --change 'CMD ["sh"]' "$DATA/busybox.tar" busybox:latest >/dev/null 2>&1
# podman does not clamp rlimits to the host's hard limits as Berth does: where raising them is
# forbidden it needs them spelled out.
podman_limits=()
pod run --rm --network none busybox true >/dev/null 2>&1 ||
  podman_limits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

echo "== 1. run --rm --network none busybox true, $RUNS runs each (alternating, after 2 warm-ups)"
timed() { local t0; t0=$(now_us); "$@" >/dev/null; echo $(( $(now_us) - t0 )); }
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
