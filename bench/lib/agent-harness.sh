# Shared by the container benchmarks (source it after `cd` to the repository root): starts a control
# plane and an agent (environment: AGENT_ENV array, name: AGENT_NAME) serving its Docker API socket
# $SOCK in the temp dir $DATA, imports the same static-busybox image into Berth and a private podman,
# and removes everything on exit (a script's own `bench_cleanup`, if defined, runs first).
# (Its cleanup replaces bench-run.sh's: containers, podman's store and mounts go too.)
# Gives: berth / pod (and $DATA/berth, $DATA/pod for xargs), remove_all, now_us, rss_mb, wait_for,
# stats, timed, $agent_pid, podman_limits.
[[ -f target/quarkus-app/quarkus-run.jar && -f agent/target/berth-agent.jar ]] || ./mvnw -B -q package -DskipTests
AGENT_ENV=("${AGENT_ENV[@]:-BERTH_BENCH=1}")
source bench/lib/bench-run.sh 18283
URL=http://127.0.0.1:$PORT
SOCK=$DATA/docker.sock

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
  declare -F bench_cleanup >/dev/null && bench_cleanup
  bench_stop_processes
  pod rm -f -t 0 -a >/dev/null 2>&1 || true
  pod system reset -f >/dev/null 2>&1 || true
  awk -v d="$DATA/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

now_us() { echo $(( $(date +%s%N) / 1000 )); }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# median and p90 (nearest rank) of the numbers in file $1, in ms with one decimal
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.9 + 0.999)];
  printf "%.1f %.1f\n", m / 1000, p / 1000 }'; }

# A control plane for the agent to enroll with, and the agent serving its socket in $DATA.
# Plain HTTP (BERTH_TLS=off, as behind a TLS-terminating load balancer): these benches measure the
# agent's work and the registry side by side with peers that serve plain HTTP too.
BERTH_TLS=off BERTH_DATA=$DATA BERTH_HTTP_PORT=$PORT java -jar target/quarkus-app/quarkus-run.jar >>"$DATA/control-plane.log" 2>&1 &
pids+=($!)
wait_for "curl -sf $URL/q/health/ready"
TOKEN=$(cat "$DATA/admin-token")
JOIN=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/enrollment-tokens" | sed -E 's/.*"token":"([^"]+)".*/\1/')
env "${AGENT_ENV[@]}" agent/bin/berth-agent --control-plane "$URL" --name "${AGENT_NAME:-bench}" --data "$DATA/agent" --docker-socket "$SOCK" \
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

timed() { local t0; t0=$(now_us); "$@" >/dev/null; echo $(( $(now_us) - t0 )); }
