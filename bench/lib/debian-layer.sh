# Sourced by benchmarks: makes (once) and names a gzip layer of a Debian bookworm minbase rootfs
# (~200 MB uncompressed, ~90 MB gzip, ~6,800 entries), as Docker would write one: PAX only where
# needed, whole-second mtimes. Cached in /var/tmp/berth-bench so reruns do not download again.
CACHE=/var/tmp/berth-bench
LAYER=$CACHE/debian-bookworm-minbase.layer.tar.gz
if [[ ! -f $LAYER ]]; then
  mkdir -p "$CACHE"
  rm -rf "$CACHE/rootfs"
  debootstrap --variant=minbase bookworm "$CACHE/rootfs" http://deb.debian.org/debian >"$CACHE/debootstrap.log"
  tar --numeric-owner --format=posix --pax-option=delete=atime,delete=ctime,delete=mtime \
    --xattrs --xattrs-include='*' -C "$CACHE/rootfs" -czf "$LAYER.tmp" .
  mv "$LAYER.tmp" "$LAYER"
  rm -rf "$CACHE/rootfs"
fi
