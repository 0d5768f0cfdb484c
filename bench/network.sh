#!/usr/bin/env bash
# Networking figures of Berth's agent (stock docker CLI on its local socket), podman beside it:
#   1. the cost of bridge networking per container: `run --rm busybox true` with the default bridge
#      minus with `--network none`, BENCH_RUNS (20) alternating runs each after 2 warm-ups, medians;
#      the same for podman (its default network) for comparison; goal <= 30 ms;
#   2. throughput through a published port (iptables DNAT, 127.0.0.1:<port>) vs directly to the
#      container's address, wrk keep-alive (BENCH_WRK: -t2 -c32 -d5s, BENCH_ROUNDS: 5 alternating
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
# throughput NAME: the container NAME serves on port 80, published at 127.0.0.1:<random> (and
# [::1]:<random>); ROUNDS rounds alternating direct and published (so a change of the machine's load
# meanwhile falls on both), medians of the rounds.
throughput() {
  local ip port port6 direct published proxied
  ip=$(berth inspect --format '{{.NetworkSettings.IPAddress}}' "$1")
  port=$(berth port "$1" 80/tcp | sed -n 's/^127.0.0.1://p')
  port6=$(berth port "$1" 80/tcp | sed -n 's/^\[::1\]://p')
  wait_for "curl -sf http://$ip/"
  wrk -t1 -c4 -d2s "http://$ip/" >/dev/null
  : >"$DATA/direct" && : >"$DATA/published" && : >"$DATA/proxied"
  for _ in $(seq "$ROUNDS"); do
    rps "http://$ip/" >>"$DATA/direct"
    rps "http://127.0.0.1:$port/" >>"$DATA/published"
    [[ -z $port6 ]] || rps "http://[::1]:$port6/" >>"$DATA/proxied"
  done
  direct=$(median <"$DATA/direct")
  published=$(median <"$DATA/published")
  echo "$1: direct to $ip:80: $direct req/s; published 127.0.0.1:$port: $published req/s (medians of $ROUNDS)"
  awk -v d="$direct" -v p="$published" -v n="$1" 'BEGIN { printf "%s: published / direct: %.3fx (goal >= 0.95x)\n", n, p / d }'
  if [[ -n $port6 ]]; then
    proxied=$(median <"$DATA/proxied")
    awk -v d="$direct" -v p="$proxied" -v n="$1" -v port="$port6" \
      'BEGIN { printf "%s: published [::1]:%s (the agent'"'"'s IPv6 proxy): %s req/s, %.3fx direct\n", n, port, p, p / d }'
  fi
  berth rm -f "$1" >/dev/null
}
v6=()
grep -qs '00000000000000000000000000000001' /proc/net/if_inet6 && v6=(-p '[::1]::80')
berth run -d --name keepalive -p 127.0.0.1::80 "${v6[@]}" keepalive-httpd >/dev/null
throughput keepalive
berth run -d --name busybox-httpd -p 127.0.0.1::80 busybox sh -c \
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
