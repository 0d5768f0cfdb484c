# docker-registry (CNCF Distribution, the Debian package) for the registry benches, installed if
# missing. docker_registry_config DIR ADDRESS [CERT KEY]: the configuration of one serving ADDRESS
# with its root in DIR/root, no auth, no access log (HTTPS with CERT and KEY when given), written
# to DIR/config.yml.
command -v docker-registry >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-registry >/dev/null
docker_registry_config() {
  local tls=""
  if [[ -n ${3:-} ]]; then tls=", tls: {certificate: $3, key: $4}"; fi
  mkdir -p "$1/root"
  cat >"$1/config.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $1/root}, delete: {enabled: true}}
http: {addr: "$2"$tls}
EOF
}
