#!/usr/bin/env bash
# docker save / docker load of a Debian image (one ~200 MB layer): Berth's image service vs podman,
# same image, same disk, one run. Berth runs each step as its own JVM process (like a CLI call);
# podman uses its overlay driver in a private --root. Page caches are not dropped; `sync` between
# steps keeps one step's dirty pages from slowing the next.
# Usage: bench/image-save-load.sh   (as root; builds the agent if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib/debian-layer.sh
source bench/lib/debian-layer.sh
RUNS=${BENCH_RUNS:-3}
WORK=$CACHE/save-load
[[ -f agent/target/berth-agent.jar && -f agent/target/test-classes/dev/berth/agent/image/ImageSaveLoadBench.class ]] ||
  ./mvnw -q -B -f agent/pom.xml package -DskipTests
CP=agent/target/berth-agent.jar:agent/target/test-classes

podman_in() { podman --root "$WORK/$1/root" --runroot "$WORK/$1/run" --storage-driver overlay \
  --events-backend none --cgroup-manager cgroupfs "${@:2}"; }
berth() { java -cp "$CP" dev.berth.agent.image.ImageSaveLoadBench "$@"; }
cleanup() {
  for store in podman-a podman-b; do podman_in "$store" system reset -f >/dev/null 2>&1 || true; done
  for dir in "$WORK"/*/snapshots; do grep -q " $dir" /proc/mounts && umount -R "$dir" 2>/dev/null; done 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
timed() { sync; local t0; t0=$(now_ms); "$@" >/dev/null; echo $(( $(now_ms) - t0 )); }

cleanup; mkdir -p "$WORK"
berth import "$LAYER" "$WORK/berth-a" bench/debian:1 >/dev/null
podman_in podman-a import "$LAYER" bench/debian:1 >/dev/null

declare -A total=()
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/berth-b" "$WORK/berth.tar" "$WORK/podman.tar"; podman_in podman-b system reset -f >/dev/null 2>&1 || true
  bs=$(timed berth save "$WORK/berth-a" bench/debian:1 "$WORK/berth.tar")
  ps=$(timed podman_in podman-a save -o "$WORK/podman.tar" bench/debian:1)
  bl=$(timed berth load "$WORK/berth-b" "$WORK/berth.tar")
  pl=$(timed podman_in podman-b load -i "$WORK/podman.tar")
  echo "run $i: save berth $bs ms, podman $ps ms; load berth $bl ms, podman $pl ms"
  total[bs]=$(( ${total[bs]:-0} + bs )); total[ps]=$(( ${total[ps]:-0} + ps ))
  total[bl]=$(( ${total[bl]:-0} + bl )); total[pl]=$(( ${total[pl]:-0} + pl ))
done
echo "archive sizes: berth $(stat -c %s "$WORK/berth.tar") bytes, podman $(stat -c %s "$WORK/podman.tar") bytes"
awk -v bs="${total[bs]}" -v ps="${total[ps]}" -v bl="${total[bl]}" -v pl="${total[pl]}" -v n="$RUNS" 'BEGIN {
  printf "mean save: berth %.0f ms, podman %.0f ms -> berth speed %.2fx podman\n", bs/n, ps/n, ps/bs
  printf "mean load: berth %.0f ms, podman %.0f ms -> berth speed %.2fx podman\n", bl/n, pl/n, pl/bl }'
