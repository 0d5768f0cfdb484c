#!/usr/bin/env bash
# Registry figures (issue 8), Berth's /v2 side by side with docker-registry (CNCF Distribution 2.8,
# the Debian package, installed here if missing and run on its own port with a temp root and no
# auth), on the same machine, in one run:
#  1. `skopeo copy` of a ~300 MB image (6 gzip layers of 50 MB random bytes, built offline as an
#     OCI layout) into each registry, and back out to a local `dir:`; median of ROUNDS (default 5) rounds, after
#     WARMUP (default 1) untimed rounds for both (the figure of a running registry, not of the JVM's
#     first minute: a fresh control plane's first push runs before its code is compiled; WARMUP=0
#     measures that too). Every push uploads every byte: between rounds Berth's tag is deleted and
#     garbage-collected, docker-registry restarts on an empty root. The pull is timed twice for
#     Berth: with credentials (skopeo's token exchange first, as for any private repository), and
#     anonymously from a repository with anonymous pull on, the way docker-registry runs here.
#  2. 20 concurrent pulls of that image: 20 curl clients (keep-alive, as a registry client) each GET
#     the manifest, the config and every layer; total throughput and the p50/p99 of the requests.
#     Berth's clients use a bearer token from /v2/token, as docker and skopeo do.
#  3. The stock docker CLI through the control plane's Docker API tunnel (DOCKER_HOST=tcp://…/docker/
#     <host>): push of a 100 MB image from the agent to Berth's registry, and pull back.
# Usage: bench/registry.sh   (as root; builds first if the jars are missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/agent-harness.sh
source bench/lib/oci-image.sh
source bench/lib/docker-registry.sh

REG=127.0.0.1:$PORT
DREG=127.0.0.1:$((PORT + 1))
PASSWORD=$(cat "$DATA/admin-password")
LAYERS=6 LAYER_MB=50 ROUNDS=${ROUNDS:-5} CLIENTS=20 WARMUP=${WARMUP:-1}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
api() { curl -sf -H "Authorization: Bearer $TOKEN" "$@"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wait_for "curl -sf -H 'Authorization: Bearer $TOKEN' $URL/api/v1/hosts/bench | grep -q '\"online\":true'"

registry_pid=
start_docker_registry() {
  rm -rf "$DATA/docker-registry"
  docker_registry_config "$DATA/docker-registry" "$DREG"
  docker-registry serve "$DATA/docker-registry/config.yml" >>"$DATA/docker-registry.log" 2>&1 &
  registry_pid=$!
  wait_for "curl -sf http://$DREG/v2/"
}
stop_docker_registry() {
  [[ -z $registry_pid ]] && return
  kill "$registry_pid" 2>/dev/null || true
  while kill -0 "$registry_pid" 2>/dev/null; do sleep 0.05; done
  registry_pid=
}
bench_cleanup() { stop_docker_registry; }
echo "$(docker-registry --version | cut -d' ' -f2-), $(skopeo --version)"

make_oci_image "$DATA/oci" bench "$LAYERS" "$LAYER_MB" gzip
MB=$(( $(du -sb "$DATA/oci" | cut -f1) / 1000000 ))
echo "image: $LAYERS gzip layers of random bytes, $MB MB in all; median of $ROUNDS rounds after $WARMUP untimed"
berth_creds=(--dest-creds "admin:$PASSWORD")
push() { skopeo copy -q --dest-tls-verify=false "${@:2}" "oci:$DATA/oci:bench" "docker://$1/bench/big:1" >/dev/null; }
pull() { rm -rf "$DATA/out"; skopeo copy -q --src-tls-verify=false "${@:2}" "docker://$1/bench/big:1" "dir:$DATA/out" >/dev/null; }
timed_ms() { local t0; t0=$(now_ms); "$@"; echo $(( $(now_ms) - t0 )); }

start_docker_registry
: >"$DATA/push-berth"; : >"$DATA/push-dreg"; : >"$DATA/pull-berth"; : >"$DATA/pull-dreg"; : >"$DATA/pull-anon"
for ((round = -WARMUP; round < ROUNDS; round++)); do
  if ((round > -WARMUP)); then
    api -X DELETE "$URL/api/v1/registry/repositories/bench/big/tags/1"
    api -X POST "$URL/api/v1/registry/gc?graceSeconds=0&untagged=true" >/dev/null
    stop_docker_registry; start_docker_registry
  fi
  kept() { if ((round >= 0)); then cat >>"$1"; else cat >/dev/null; fi; } # warm-up rounds are not kept
  timed_ms push "$REG" "${berth_creds[@]}" | kept "$DATA/push-berth"
  timed_ms push "$DREG" | kept "$DATA/push-dreg"
  # Which registry pulls first alternates: whatever one run leaves behind (dirty pages of its
  # output, the other's unsynced push) falls on each alike.
  if (( (round + WARMUP) % 2 == 0 )); then
    timed_ms pull "$REG" --src-creds "admin:$PASSWORD" | kept "$DATA/pull-berth"
    timed_ms pull "$DREG" | kept "$DATA/pull-dreg"
  else
    timed_ms pull "$DREG" | kept "$DATA/pull-dreg"
    timed_ms pull "$REG" --src-creds "admin:$PASSWORD" | kept "$DATA/pull-berth"
  fi
  api -X PUT -H 'Content-Type: application/json' -d '{"anonymousPull":true}' \
    "$URL/api/v1/registry/repositories/bench/big" >/dev/null
  timed_ms pull "$REG" | kept "$DATA/pull-anon"
done
report() { # what, Berth's times file, docker-registry's times file
  local berth dreg
  berth=$(median <"$2"); dreg=$(median <"$3")
  awk -v what="$1" -v mb="$MB" -v b="$berth" -v d="$dreg" 'BEGIN {
    printf "%-34s Berth %5.2f s (%4.0f MB/s)   docker-registry %5.2f s (%4.0f MB/s)   %.2fx\n",
      what, b / 1000, mb * 1000 / b, d / 1000, mb * 1000 / d, d / b }'
}
report "skopeo copy oci: → registry (push)" "$DATA/push-berth" "$DATA/push-dreg"
report "skopeo copy registry → dir: (pull)" "$DATA/pull-berth" "$DATA/pull-dreg"
report "  the same, anonymous on both" "$DATA/pull-anon" "$DATA/pull-dreg"
rm -rf "$DATA/out"

# 20 concurrent pulls: one curl per client, every request of the pull on one keep-alive connection.
manifest=$(skopeo inspect --raw --tls-verify=false "docker://$DREG/bench/big:1")
config=$(grep -o '"config":{[^}]*}' <<<"$manifest" | grep -o 'sha256:[0-9a-f]*')
mapfile -t layers < <(grep -o '"layers":.*' <<<"$manifest" | grep -o 'sha256:[0-9a-f]*')
concurrent() { # registry, then extra curl arguments; prints the per-request times (s) to stdout
  local urls=() out=() clients=() i
  urls+=("http://$1/v2/bench/big/manifests/1" "http://$1/v2/bench/big/blobs/$config")
  for layer in "${layers[@]}"; do urls+=("http://$1/v2/bench/big/blobs/$layer"); done
  for ((i = 0; i < ${#urls[@]}; i++)); do out+=(-o /dev/null); done
  for ((i = 0; i < CLIENTS; i++)); do
    curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "${@:2}" -w '%{time_total}\n' \
      "${out[@]}" "${urls[@]}" &
    clients+=($!)
  done
  wait "${clients[@]}"
}
load() { # what, registry, extra curl arguments
  local t0 t1
  t0=$(now_ms); concurrent "${@:2}" >"$DATA/requests"; t1=$(now_ms)
  sort -n "$DATA/requests" | awk -v what="$1" -v ms=$((t1 - t0)) -v mb="$MB" -v c="$CLIENTS" '{ v[NR] = $1 } END {
    printf "%-16s %d pulls in %5.2f s: %5.0f MB/s in all; per request p50 %6.0f ms, p99 %6.0f ms (%d requests)\n",
      what, c, ms / 1000, c * mb * 1000 / ms, v[int((NR + 1) / 2)] * 1000, v[int(NR * 0.99 + 0.999)] * 1000, NR }'
}
bearer=$(curl -sf -u "admin:$PASSWORD" "$URL/v2/token?scope=repository:bench/big:pull" | sed -E 's/.*"token":"([^"]+)".*/\1/')
echo "$CLIENTS concurrent pulls of the image (manifest, config, $LAYERS layers each):"
load "Berth" "$REG" -H "Authorization: Bearer $bearer"
load "docker-registry" "$DREG"
stop_docker_registry

# The stock docker CLI through the control plane's Docker API tunnel; the agent pushes to and pulls
# from the control plane's /v2.
mkdir -p "$DATA/tunnel-config" "$DATA/big"
printf '{"HttpHeaders":{"Authorization":"Bearer %s"}}' "$TOKEN" >"$DATA/tunnel-config/config.json"
tunnel() { DOCKER_HOST=tcp://$REG/docker/bench command docker --config "$DATA/tunnel-config" "$@"; }
head -c 100000000 /dev/urandom >"$DATA/big/payload"
tar -cf "$DATA/big.tar" -C "$DATA/big" .
tunnel import - bench/tunnel:1 <"$DATA/big.tar" >/dev/null
tunnel tag bench/tunnel:1 "$REG/bench/tunnel:1"
tunnel login -u admin --password-stdin "$REG" <<<"$PASSWORD" >/dev/null 2>&1
t0=$(now_ms); tunnel push "$REG/bench/tunnel:1" >/dev/null; t1=$(now_ms)
awk -v ms=$((t1 - t0)) 'BEGIN { printf "docker push through the tunnel (CLI → control plane → agent → /v2), 100 MB: %.2f s\n", ms / 1000 }'
tunnel rmi "$REG/bench/tunnel:1" bench/tunnel:1 >/dev/null
t0=$(now_ms); tunnel pull "$REG/bench/tunnel:1" >/dev/null; t1=$(now_ms)
awk -v ms=$((t1 - t0)) 'BEGIN { printf "docker pull through the tunnel (/v2 → agent, unpacked), 100 MB: %.2f s\n", ms / 1000 }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
