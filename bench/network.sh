#!/usr/bin/env bash
# Networking figures of Berth's agent (stock docker CLI on its local socket), podman beside it:
#   1. the cost of bridge networking per container: `run --rm busybox true` with the default bridge
#      minus with `--network none`, BENCH_RUNS (20) alternating runs each after 2 warm-ups, medians;
#      the same for podman (its default network) for comparison; goal <= 30 ms;
#   2. throughput through a published port (iptables DNAT, 127.0.0.1:<port>; also the host's own
#      address and [::1]) vs directly to the container's address, wrk keep-alive (BENCH_WRK: -t2 -c32 -d5s, BENCH_ROUNDS: 5 alternating
#      rounds, medians), goal >= 0.95x: a keep-alive server (bench/lib/keepalive-httpd.c, built here
#      with gcc -static), then busybox httpd (a new connection, so a new NAT decision, per request);
#   3. BENCH_CYCLES (1,000) `run --rm -p 80 busybox true` (IPv4 and, where the host has it, IPv6),
#      then counts what is left: DNAT rules, ip6tables rules, ports the agent listens on (its IPv6
#      proxies), veths on the bridge, allocations (the test runs 200).
# The agent runs on a bridge of its own (bbench0, 10.199.0.0/24, chains BBENCH-*), removed at the end.
# Needs root, runc, conmon, podman, the docker CLI, wrk, gcc (static libc). Usage: bench/network.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-20}
CYCLES=${BENCH_CYCLES:-1000}
read -r -a WRK <<<"${BENCH_WRK:--t2 -c32 -d5s}"
ROUNDS=${BENCH_ROUNDS:-5}
BRIDGE=bbench0
PREFIX=BBENCH
AGENT_ENV=(BERTH_BRIDGE=$BRIDGE BERTH_BRIDGE_SUBNET=10.199.0.0/24 BERTH_CHAIN_PREFIX=$PREFIX)
AGENT_NAME=bench-net
# The agent's own cleanup takes the bridge, any user-network bridges and every chain of the prefix away.
bench_cleanup() {
  env "${AGENT_ENV[@]}" java -cp agent/target/berth-agent.jar dev.berth.agent.network.RemoveBridge "$DATA/agent" || true
}
source bench/lib/agent-harness.sh

echo "== 1. run --rm busybox true, bridge vs --network none, $RUNS runs each (alternating, after 2 warm-ups)"
for f in berth.bridge berth.none podman.bridge podman.none; do : >"$DATA/$f.us"; done
for _ in 1 2; do berth run --rm busybox true; berth run --rm --network none busybox true; done >/dev/null
podman_bridge=yes
pod run --rm "${podman_limits[@]}" busybox true >/dev/null 2>&1 || podman_bridge=no
for _ in $(seq "$RUNS"); do
  timed berth run --rm busybox true >>"$DATA/berth.bridge.us"
  timed berth run --rm --network none busybox true >>"$DATA/berth.none.us"
  if [[ $podman_bridge == yes ]]; then
    timed pod run --rm "${podman_limits[@]}" busybox true >>"$DATA/podman.bridge.us"
    timed pod run --rm --network none "${podman_limits[@]}" busybox true >>"$DATA/podman.none.us"
  fi
done
read -r bb _ < <(stats "$DATA/berth.bridge.us")
read -r bn _ < <(stats "$DATA/berth.none.us")
echo "berth:  bridge median $bb ms, none median $bn ms"
awk -v b="$bb" -v n="$bn" 'BEGIN { printf "berth bridge cost per container: %.1f ms (goal <= 30 ms)\n", b - n }'
if [[ $podman_bridge == yes ]]; then
  read -r pb _ < <(stats "$DATA/podman.bridge.us")
  read -r pn _ < <(stats "$DATA/podman.none.us")
  echo "podman: bridge median $pb ms, none median $pn ms"
  awk -v b="$pb" -v n="$pn" 'BEGIN { printf "podman bridge cost per container: %.1f ms\n", b - n }'
else
  echo "podman: its default network does not run here (no netavark/CNI): no comparison"
fi

echo "== 2. wrk ${WRK[*]} through a published port vs the container's address"
# A keep-alive server (bench/lib/keepalive-httpd.c, static, alone in a scratch image) and busybox
# httpd, which closes every connection; both serve 1 KiB.
gcc -static -O2 -o "$DATA/keepalive-httpd" bench/lib/keepalive-httpd.c
tar --mtime=@0 --owner=0 --group=0 -cf "$DATA/httpd.tar" -C "$DATA" keepalive-httpd
berth import --change 'CMD ["/keepalive-httpd", "80", "1024"]' "$DATA/httpd.tar" keepalive-httpd:latest >/dev/null
rps() { wrk "${WRK[@]}" "$1" | awk '/^Requests\/sec/ { print $2 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# throughput NAME: the container NAME serves on port 80, published on every address (and on [::]
# where the host has IPv6); ROUNDS rounds alternating direct, 127.0.0.1:<port> (DNAT and masquerade),
# the host's own address (DNAT only) and [::1] (the agent's IPv6 proxy), so a change of the
# machine's load meanwhile falls on all; medians of the rounds.
throughput() {
  local ip port port6 direct kind
  ip=$(berth inspect --format '{{.NetworkSettings.IPAddress}}' "$1")
  port=$(berth port "$1" 80/tcp | sed -n 's/^0.0.0.0://p')
  port6=$(berth port "$1" 80/tcp | sed -n 's/^\[::\]://p')
  wait_for "curl -sf http://$ip/"
  wrk -t1 -c4 -d2s "http://$ip/" >/dev/null
  local -A url=([direct]="http://$ip/" [loopback]="http://127.0.0.1:$port/")
  [[ -z $host_ip ]] || url[host-address]="http://$host_ip:$port/"
  [[ -z $port6 ]] || url[ipv6-proxy]="http://[::1]:$port6/"
  for kind in "${!url[@]}"; do : >"$DATA/$kind"; done
  for _ in $(seq "$ROUNDS"); do
    for kind in direct loopback host-address ipv6-proxy; do
      [[ -z ${url[$kind]:-} ]] || rps "${url[$kind]}" >>"$DATA/$kind"
    done
  done
  direct=$(median <"$DATA/direct")
  echo "$1: direct to $ip:80: $direct req/s (medians of $ROUNDS rounds)"
  for kind in loopback host-address ipv6-proxy; do
    [[ -z ${url[$kind]:-} ]] || awk -v d="$direct" -v p="$(median <"$DATA/$kind")" -v n="$1" -v k="$kind" -v u="${url[$kind]}" \
      'BEGIN { printf "%s: published, %s %s: %s req/s, %.3fx direct%s\n", n, k, u, p, p / d, k == "loopback" ? " (goal >= 0.95x)" : "" }'
  done
  berth rm -f "$1" >/dev/null
}
host_ip=$(ip -4 -o addr show scope global | awk -v b="$BRIDGE" '$2 != b && $2 !~ /^(br-|bt|bb|berth|docker|veth|podman|cni)/ { sub("/.*", "", $4); print $4; exit }')
berth run -d --name keepalive -p 80 keepalive-httpd >/dev/null
throughput keepalive
berth run -d --name busybox-httpd -p 80 busybox sh -c \
  'mkdir /www && head -c 1024 /dev/zero | tr "\0" x >/www/index.html && exec httpd -f -p 80 -h /www' >/dev/null
throughput busybox-httpd

echo "== 3. $CYCLES x run --rm -p 80 busybox true"
agent_ports() { ss -H -l -n -t -u -p | grep -c "pid=$agent_pid," || true; }
listening_before=$(agent_ports)
t0=$(now_us)
for _ in $(seq "$CYCLES"); do berth run --rm -p 80 busybox true >/dev/null; done
t1=$(now_us)
echo "$CYCLES cycles in $(( (t1 - t0) / 1000 )) ms"
echo "left: $(iptables -w -t nat -S $PREFIX-DNAT | grep -c '^-A' || true) DNAT rules," \
  "$( (ip6tables-save 2>/dev/null || true) | grep -c "$PREFIX" || true) ip6tables rules," \
  "$(( $(agent_ports) - listening_before )) more ports the agent listens on (IPv6 proxies) than before," \
  "$(ip -o link show master $BRIDGE | wc -l) veths, allocations $(cat "$DATA/agent/state/network/$BRIDGE.json")"
