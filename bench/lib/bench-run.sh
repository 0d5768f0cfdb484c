# Shared by the benches (source it after `cd` to the repository root): the control plane's port
# $PORT (BENCH_PORT, else the first free one from $1, default 18283: benches of other checkouts may
# run meanwhile, and a taken port would answer for the wrong control plane), a temp dir $DATA
# (prefix $2) and the process ids in $pids, all stopped and removed on exit; a script's own
# `bench_cleanup`, if defined, runs first. Gives wait_for.
PORT=${BENCH_PORT:-${1:-18283}}
if [[ -z ${BENCH_PORT:-} ]]; then
  while [[ -n $(ss -H -l -n -t "sport = :$PORT") ]]; do PORT=$((PORT + 1)); done
fi
DATA=$(mktemp -d "/tmp/${2:-berth-bench}.XXXXXX")
pids=()
bench_stop_processes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
}
cleanup() {
  declare -F bench_cleanup >/dev/null && bench_cleanup
  bench_stop_processes
  rm -rf "$DATA"
}
trap cleanup EXIT
wait_for() { until eval "$1" >/dev/null 2>&1; do sleep 0.05; done; }
