# Shared by the registry benchmarks (source it): make_oci_image DIR TAG LAYERS MB [gzip] writes an
# OCI image layout in DIR holding one image, tagged TAG, of LAYERS layers, each one file of MB
# megabytes of random bytes (so no deduplication helps anyone). With `gzip` the layers are
# gzip-compressed (fastest level), so `skopeo copy` to a registry sends them as they are instead of
# compressing them on the way. Offline: the layout is written by hand, as the OCI image-layout
# specification describes it.
make_oci_image() {
  local dir=$1 tag=$2 layers=$3 mb=$4 gzip=${5:-} type=application/vnd.oci.image.layer.v1.tar work i diff digest size diffs="" descriptors=""
  work=$(mktemp -d)
  mkdir -p "$dir/blobs/sha256"
  for ((i = 0; i < layers; i++)); do
    mkdir -p "$work/$i"
    head -c $((mb * 1000000)) /dev/urandom >"$work/$i/layer-$i.bin"
    tar --sort=name --mtime=@0 --owner=0 --group=0 -cf "$work/layer.tar" -C "$work/$i" .
    diff=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    rm -rf "${work:?}/$i"
    if [[ $gzip == gzip ]]; then gzip -1 -n "$work/layer.tar" && mv "$work/layer.tar.gz" "$work/layer.tar"; fi
    digest=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
    size=$(stat -c %s "$work/layer.tar")
    mv "$work/layer.tar" "$dir/blobs/sha256/$digest"
    diffs+="${diffs:+,}\"sha256:$diff\""
    descriptors+="${descriptors:+,}{\"mediaType\":\"$type${gzip:++gzip}\",\"digest\":\"sha256:$digest\",\"size\":$size}"
  done
  blob() { digest=$(sha256sum "$1" | cut -d' ' -f1); size=$(stat -c %s "$1"); mv "$1" "$dir/blobs/sha256/$digest"; }
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$diffs" >"$work/config"
  blob "$work/config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$digest" "$size" "$descriptors" >"$work/manifest"
  blob "$work/manifest"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$digest" "$size" "$tag" >"$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
  rm -rf "$work"
}
