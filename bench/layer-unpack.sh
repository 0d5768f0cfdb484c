#!/usr/bin/env bash
# Layer unpack throughput: GNU `tar -xzf` vs Berth's LayerApplier, on the same gzip layer of a
# Debian bookworm minbase rootfs (~200 MB uncompressed, ~90 MB gzip, ~6,800 entries).
# Usage: bench/layer-unpack.sh   (as root; builds the agent if needed)
#   BENCH_DIR=/dev/shm/x bench/layer-unpack.sh   to extract onto tmpfs instead of disk.
# The layer is made like Docker makes one (PAX only where needed, whole-second mtimes) and cached
# in /var/tmp/berth-bench, so reruns do not download again. Page caches are not dropped: one
# untimed extraction of each warms both equally, and `sync` before each timed run keeps one run's
# dirty pages from slowing the next.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib/debian-layer.sh
source bench/lib/debian-layer.sh
WORK=${BENCH_DIR:-$CACHE/run}
RUNS=${BENCH_RUNS:-3}
[[ -f agent/target/berth-agent.jar && -d agent/target/test-classes/dev/berth/agent/layer ]] ||
  ./mvnw -q -B -f agent/pom.xml package -DskipTests
CP=agent/target/berth-agent.jar:agent/target/test-classes

mkdir -p "$WORK"
trap 'rm -rf "$WORK/tar" "$WORK/berth"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
run_tar() { mkdir "$WORK/tar"; tar --numeric-owner --xattrs --xattrs-include='*' -xzf "$LAYER" -C "$WORK/tar"; }
run_berth() { java -cp "$CP" dev.berth.agent.layer.LayerUnpackBench "$LAYER" "$WORK/berth"; }
fresh() { rm -rf "$WORK/tar" "$WORK/berth"; sync; }

fresh; run_tar >/dev/null; fresh; run_berth >/dev/null   # warm-up, untimed
tar_total=0; berth_total=0; apply_total=0
for i in $(seq "$RUNS"); do
  fresh; t0=$(now_ms); run_tar; t1=$(now_ms)
  fresh; b0=$(now_ms); out=$(run_berth); b1=$(now_ms)
  apply=$(sed -n 's/.*apply_ms=\([0-9]*\).*/\1/p' <<<"$out")
  echo "run $i: tar -xzf $((t1 - t0)) ms   berth $((b1 - b0)) ms (apply $apply ms in the JVM)"
  tar_total=$((tar_total + t1 - t0)); berth_total=$((berth_total + b1 - b0)); apply_total=$((apply_total + apply))
done
echo "layer: $LAYER ($(stat -c %s "$LAYER") bytes gzip; $(sed 's/.*size=\([0-9]*\).*/\1/' <<<"$out") bytes tar)"
echo "$out" | sed 's/.*diffid=/diffid: /'
awk -v t="$tar_total" -v b="$berth_total" -v a="$apply_total" -v n="$RUNS" 'BEGIN {
  printf "mean: tar -xzf %.0f ms, berth %.0f ms (process), %.0f ms (apply in JVM)\n", t/n, b/n, a/n
  printf "throughput ratio berth/tar: %.2f (process incl. JVM start), %.2f (apply)\n", t/b, t/a }'
