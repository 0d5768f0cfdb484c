#!/usr/bin/env bash
# Volume backup and restore figures (issue 6): a ~1 GB volume of many files (a copy of /usr/share
# and part of /usr/lib), backed up by the agent (GET /berth/volumes/{name}/backup: tar + zstd -1 on
# two workers) against `tar -cf - dir | gzip -1`, and restored (PUT /berth/volumes/{name}/restore:
# checksum, safety checks, staging and swap included; the archive read, hashed by libcrypto and
# decompressed on one thread, the tar checked on another, small files made by worker threads)
# against `tar -xzf` of the same data.
# Page cache warm for both sides (each tree is read once first). Prints the figures for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/agent-harness.sh

api() { curl -sf --unix-socket "$SOCK" "$@"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e6 }'; }

berth volume create bench-vol >/dev/null
vol=$DATA/agent/volumes/bench-vol/_data
cp -a /usr/share "$vol/share"
cp -a /usr/lib/x86_64-linux-gnu "$vol/lib" 2>/dev/null || true
while (( $(du -sm "$vol" | cut -f1) > 1100 )); do rm -rf "$(find "$vol/lib" -mindepth 1 -maxdepth 1 | sort | tail -1)"; done
size=$(du -sm "$vol" | cut -f1); files=$(find "$vol" | wc -l)
echo "volume: $size MB in $files entries"
tar -cf - -C "$vol" . >/dev/null # warm the cache

echo "load average before the backups: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now_us); tar -cf - -C "$vol" . | gzip -1 >"$DATA/plain.tar.gz"; t1=$(now_us)
gz=$(secs "$t0" "$t1")
t0=$(now_us); api -o "$DATA/backup.tar.zst" "http://docker/berth/volumes/bench-vol/backup"; t1=$(now_us)
zs=$(secs "$t0" "$t1")
sum=$(sha256sum "$DATA/backup.tar.zst" | cut -d' ' -f1)
echo "backup: berth ${zs}s ($(du -m "$DATA/backup.tar.zst" | cut -f1) MB), tar|gzip -1 ${gz}s ($(du -m "$DATA/plain.tar.gz" | cut -f1) MB): $(awk -v a="$gz" -v b="$zs" 'BEGIN { printf "%.2fx", a / b }')"

mkdir "$DATA/untar"
echo "load average before the restores: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now_us); tar -xzf "$DATA/plain.tar.gz" -C "$DATA/untar"; t1=$(now_us)
ux=$(secs "$t0" "$t1")
t0=$(now_us)
api -X PUT -H 'Content-Type: application/zstd' -T "$DATA/backup.tar.zst" \
  "http://docker/berth/volumes/bench-restored/restore?sha256=$sum" >/dev/null
t1=$(now_us)
rs=$(secs "$t0" "$t1")
echo "restore: berth ${rs}s, tar -xzf ${ux}s: $(awk -v a="$ux" -v b="$rs" 'BEGIN { printf "%.2fx", a / b }')"
# Directory sizes depend on the file system's history, not the content: left out.
listing() { (cd "$1" && find . \( -type d -printf '%p d %m %U:%G\n' \) -o -printf '%p %y %m %U:%G %s %l\n' | sort); }
if diff <(listing "$vol") <(listing "$DATA/agent/volumes/bench-restored/_data") >"$DATA/tree.diff"; then
  echo "restored tree identical (paths, types, modes, owners, sizes, links)"
else
  echo "restored tree differs: $(wc -l <"$DATA/tree.diff") lines of diff"; head -5 "$DATA/tree.diff"
fi
