#!/usr/bin/env bash
# Build figures (issue 7): a 12-step Dockerfile (FROM, ARG, ENV, LABEL, WORKDIR, COPY ×3, RUN ×2, USER,
# CMD; ~4 MB of context) built by the stock `DOCKER_BUILDKIT=0 docker build` against the agent and by
# `podman build --format docker` (private --root, same busybox image imported into both):
#   1. cold: `--no-cache`, BENCH_RUNS (5) alternating runs each after one warm-up;
#   2. warm: every step from the cache, BENCH_RUNS alternating runs each.
# Median and p90, and Berth's time over podman's. Needs root, runc, conmon, podman, the docker CLI.
# Usage: bench/build.sh   (builds first if the jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-5}
AGENT_NAME=bench-build
source bench/lib/agent-harness.sh

ctx=$DATA/context
mkdir -p "$ctx/src/lib" "$ctx/assets"
for i in $(seq 1 40); do head -c 100000 /dev/urandom >"$ctx/assets/blob$i.bin"; done
for i in $(seq 1 200); do echo "file $i" >"$ctx/src/lib/f$i.txt"; done
printf '#!/bin/sh\necho hello from the app\n' >"$ctx/src/app.sh"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM busybox
ARG VERSION=1.0
ENV APP_HOME=/opt/app MODE=production
LABEL org.example.version=$VERSION
WORKDIR $APP_HOME
COPY src/ ./src/
COPY assets/ ./assets/
RUN mkdir -p /var/lib/app && for i in 1 2 3 4 5; do echo "$i $VERSION" >> /var/lib/app/log; done
COPY src/app.sh /usr/local/bin/app
RUN chmod 755 /usr/local/bin/app && adduser -D -u 1000 app 2>/dev/null || echo 'app:x:1000:1000::/home:/bin/sh' >> /etc/passwd
USER app
CMD ["/usr/local/bin/app"]
DOCKERFILE

berth_build() { DOCKER_BUILDKIT=0 berth build -q "$@" -t bench-build "$ctx"; }
pod_build() { pod build --format docker --network none "${podman_limits[@]}" -q "$@" -t bench-build "$ctx"; }

berth_build --no-cache >/dev/null 2>&1; pod_build --no-cache >/dev/null 2>&1
: >"$DATA/berth-cold.us"; : >"$DATA/podman-cold.us"; : >"$DATA/berth-warm.us"; : >"$DATA/podman-warm.us"
for _ in $(seq 1 "$RUNS"); do
  timed berth_build --no-cache >>"$DATA/berth-cold.us" 2>/dev/null
  timed pod_build --no-cache >>"$DATA/podman-cold.us" 2>/dev/null
done
for _ in $(seq 1 "$RUNS"); do
  timed berth_build >>"$DATA/berth-warm.us" 2>/dev/null
  timed pod_build >>"$DATA/podman-warm.us" 2>/dev/null
done
[[ $(berth run --rm bench-build) == 'hello from the app' ]] # the image works
report() {
  local bm bp pm pp
  read -r bm bp < <(stats "$DATA/berth-$1.us")
  read -r pm pp < <(stats "$DATA/podman-$1.us")
  echo "$1: berth median $bm ms (p90 $bp), podman median $pm ms (p90 $pp):" \
    "$(awk -v b="$bm" -v p="$pm" 'BEGIN { printf "%.2fx", b / p }') (goal <= $2)"
}
echo "== $RUNS alternating builds each, 12 steps"
report cold 1.0x
report warm 0.5x
