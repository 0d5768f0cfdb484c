#!/usr/bin/env bash
# The registry's pull over HTTPS, the way Berth serves by default (issue 8's figures are taken over
# plain HTTP, bench/registry.sh): a control plane with TLS on (its certificate from Berth's CA) and
# docker-registry with a self-signed certificate, each holding the same 6 × 50 MB gzip image; then
# ROUNDS (default 7) rounds of one `skopeo copy docker://… dir:` from each, the order alternating,
# after one untimed round; medians, their ratio, and each server's CPU time per pull.
# Usage: bench/registry-https.sh   (as root; builds first if the jar is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
source bench/lib/bench-run.sh 18283 berth-bench-https
source bench/lib/oci-image.sh
source bench/lib/docker-registry.sh
REG=127.0.0.1:$PORT DREG=127.0.0.1:$((PORT + 1))
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$DATA/dreg.key" -out "$DATA/dreg.crt" 2>/dev/null
docker_registry_config "$DATA/docker-registry" "$DREG" "$DATA/dreg.crt" "$DATA/dreg.key"
docker-registry serve "$DATA/docker-registry/config.yml" >>"$DATA/docker-registry.log" 2>&1 &
dreg_pid=$!
pids+=("$dreg_pid")
BERTH_DATA=$DATA/berth BERTH_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
berth_pid=$!
pids+=("$berth_pid")
wait_for "curl -skf https://$DREG/v2/"
wait_for "curl -skf https://$REG/q/health/ready"
PASSWORD=$(cat "$DATA/berth/admin-password")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(skopeo --version)"
make_oci_image "$DATA/oci" bench 6 50 gzip
skopeo copy -q --dest-tls-verify=false --dest-creds "admin:$PASSWORD" "oci:$DATA/oci:bench" "docker://$REG/bench/big:1"
skopeo copy -q --dest-tls-verify=false "oci:$DATA/oci:bench" "docker://$DREG/bench/big:1"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cpu_ms() { awk '{ print ($14 + $15) * 10 }' "/proc/$1/stat"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
pull() { # berth or dreg; appends "<wall ms> <server cpu ms>" to $DATA/t-<which>
  local t0 c0 pid=$dreg_pid registry=$DREG creds=()
  if [[ $1 == berth ]]; then pid=$berth_pid registry=$REG creds=(--src-creds "admin:$PASSWORD"); fi
  rm -rf "$DATA/out"; c0=$(cpu_ms "$pid"); t0=$(now_ms)
  skopeo copy -q --src-tls-verify=false "${creds[@]}" "docker://$registry/bench/big:1" "dir:$DATA/out" >/dev/null
  echo "$(( $(now_ms) - t0 )) $(( $(cpu_ms "$pid") - c0 ))" >>"$DATA/t-$1"
}
for ((round = -1; round < ${ROUNDS:-7}; round++)); do
  if ((round % 2 == 0)); then pull berth; pull dreg; else pull dreg; pull berth; fi
  if ((round < 0)); then rm -f "$DATA/t-berth" "$DATA/t-dreg"; fi # the untimed round
done
b=$(cut -d' ' -f1 "$DATA/t-berth" | median) d=$(cut -d' ' -f1 "$DATA/t-dreg" | median)
bc=$(cut -d' ' -f2 "$DATA/t-berth" | median) dc=$(cut -d' ' -f2 "$DATA/t-dreg" | median)
awk -v b="$b" -v d="$d" -v bc="$bc" -v dc="$dc" 'BEGIN {
  printf "skopeo copy docker:// → dir: over HTTPS, 300 MB: Berth %d ms (server CPU %d ms)   docker-registry %d ms (%d ms)   %.2fx\n",
    b, bc, d, dc, d / b }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
