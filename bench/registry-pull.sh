#!/usr/bin/env bash
# The registry's pull, before and after a change, side by side with docker-registry in one run
# (issue 8): this checkout's control plane (the harness's), a previous build's (BEFORE_APP, the
# target/quarkus-app directory of another checkout or a copy of it) on its own port and data, and
# docker-registry, each holding the same 6 × 50 MB gzip image. Then ROUNDS (default 7) rounds of one
# `skopeo copy docker://… dir:` from each, the order rotated every round (what one run leaves
# behind falls on each alike), after one untimed round; medians and their ratios to docker-registry.
# Then 3 rounds of 20 concurrent pulls (curl, keep-alive, manifest + config + layers) from each.
# Usage: BEFORE_APP=/path/to/quarkus-app bench/registry-pull.sh   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f ${BEFORE_APP:-}/quarkus-run.jar ]] || { echo "BEFORE_APP must name a previous build's quarkus-app directory" >&2; exit 2; }
source bench/lib/agent-harness.sh
source bench/lib/oci-image.sh
source bench/lib/docker-registry.sh
REG=127.0.0.1:$PORT DREG=127.0.0.1:$((PORT + 1)) BREG=127.0.0.1:$((PORT + 2))
PASSWORD=$(cat "$DATA/admin-password")
mkdir -p "$DATA/before"
docker_registry_config "$DATA/docker-registry" "$DREG"
docker-registry serve "$DATA/docker-registry/config.yml" >>"$DATA/docker-registry.log" 2>&1 &
pids+=($!)
BERTH_TLS=off BERTH_DATA=$DATA/before BERTH_HTTP_PORT=${BREG#*:} java -jar "$BEFORE_APP/quarkus-run.jar" >>"$DATA/before.log" 2>&1 &
pids+=($!)
wait_for "curl -sf http://$DREG/v2/"
wait_for "curl -sf http://$BREG/q/health/ready"
BPASSWORD=$(cat "$DATA/before/admin-password")
make_oci_image "$DATA/oci" bench 6 50 gzip
push() { skopeo copy -q --dest-tls-verify=false "${@:2}" "oci:$DATA/oci:bench" "docker://$1/bench/big:1"; }
push "$REG" --dest-creds "admin:$PASSWORD"
push "$BREG" --dest-creds "admin:$BPASSWORD"
push "$DREG"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
pull() { # which: before, after or dreg; prints the time in ms
  local t0
  rm -rf "$DATA/out"; t0=$(now_ms)
  case $1 in
    before) skopeo copy -q --src-tls-verify=false --src-creds "admin:$BPASSWORD" "docker://$BREG/bench/big:1" "dir:$DATA/out" ;;
    after) skopeo copy -q --src-tls-verify=false --src-creds "admin:$PASSWORD" "docker://$REG/bench/big:1" "dir:$DATA/out" ;;
    dreg) skopeo copy -q --src-tls-verify=false "docker://$DREG/bench/big:1" "dir:$DATA/out" ;;
  esac >/dev/null
  echo $(( $(now_ms) - t0 ))
}
: >"$DATA/t-before"; : >"$DATA/t-after"; : >"$DATA/t-dreg"
echo "skopeo copy docker:// → dir:, 300 MB, the order rotated (the first round untimed):"
for ((round = -1; round < ${ROUNDS:-7}; round++)); do
  order=(before after dreg); k=$(( (round + 3) % 3 )); order=("${order[@]:k}" "${order[@]:0:k}")
  line=""
  for which in "${order[@]}"; do
    t=$(pull "$which"); line+="$which $t ms  "
    if ((round >= 0)); then echo "$t" >>"$DATA/t-$which"; fi
  done
  echo "  $line load $(cut -d' ' -f1 /proc/loadavg)"
done
awk -v b="$(median <"$DATA/t-before")" -v a="$(median <"$DATA/t-after")" -v d="$(median <"$DATA/t-dreg")" 'BEGIN {
  printf "medians: before %d ms (%.2fx)   after %d ms (%.2fx)   docker-registry %d ms\n", b, d / b, a, d / a, d }'

manifest=$(skopeo inspect --raw --tls-verify=false "docker://$DREG/bench/big:1")
config=$(grep -o '"config":{[^}]*}' <<<"$manifest" | grep -o 'sha256:[0-9a-f]*')
mapfile -t layers < <(grep -o '"layers":.*' <<<"$manifest" | grep -o 'sha256:[0-9a-f]*')
concurrent() { # registry, then extra curl arguments; prints the wall time in ms of 20 concurrent pulls
  local urls=("http://$1/v2/bench/big/manifests/1" "http://$1/v2/bench/big/blobs/$config") out=() clients=() i t0
  for layer in "${layers[@]}"; do urls+=("http://$1/v2/bench/big/blobs/$layer"); done
  for ((i = 0; i < ${#urls[@]}; i++)); do out+=(-o /dev/null); done
  t0=$(now_ms)
  for ((i = 0; i < 20; i++)); do
    curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "${@:2}" "${out[@]}" "${urls[@]}" &
    clients+=($!)
  done
  wait "${clients[@]}"
  echo $(( $(now_ms) - t0 ))
}
bearer() { curl -sf -u "admin:$2" "http://$1/v2/token?scope=repository:bench/big:pull" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
after_token=$(bearer "$REG" "$PASSWORD") before_token=$(bearer "$BREG" "$BPASSWORD")
echo "20 concurrent pulls (6.0 GB), wall time:"
for round in 1 2 3; do
  b=$(concurrent "$BREG" -H "Authorization: Bearer $before_token")
  a=$(concurrent "$REG" -H "Authorization: Bearer $after_token")
  d=$(concurrent "$DREG")
  echo "  before $b ms   after $a ms   docker-registry $d ms   load $(cut -d' ' -f1 /proc/loadavg)"
done
