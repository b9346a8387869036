#!/usr/bin/env bash
# Installs the real servers and browser the tests use, idempotently:
#   Prometheus + promtool, VictoriaMetrics, Chromium, qemu-user-static + aarch64 libc, and musl,
#   busybox-static + bubblewrap for the musl-root tests of the linux executables (Debian packages)
#   Jaeger v1.76.0 (the jaeger v2 binary), built from its Go module — a test tool only, never shipped.
#   Prometheus 3 (module v0.316.0 = Prometheus 3.x) as `prometheus3`, Thanos v0.42.5 and Grafana Mimir (3.0.x, main
#   at aced80d), built from their Go modules for the engine tests (test/integration/engines.test.ts) — test tools
#   only, never shipped.
# Usage: scripts/install-test-deps.sh [apt|jaeger|engines|thanos|mimir|all]   (default: all)
# Each binary's path can be overridden: JAEGER_BIN, PROMETHEUS3_BIN, THANOS_BIN, MIMIR_BIN (the tests read the same names).
set -euo pipefail
what="${1:-all}"
JAEGER_VERSION=v1.76.0
JAEGER_BIN="${JAEGER_BIN:-/usr/local/bin/jaeger}"
PROMETHEUS3_MODULE_VERSION=v0.316.0
PROMETHEUS3_BIN="${PROMETHEUS3_BIN:-/usr/local/bin/prometheus3}"
THANOS_VERSION=v0.42.5
# Thanos needs Go >= 1.26.10; the toolchain is fetched by the go command when the local one is older.
THANOS_GOTOOLCHAIN=go1.27.3
THANOS_BIN="${THANOS_BIN:-/usr/local/bin/thanos}"
# Mimir's release tags (mimir-3.0.5) are not Go module versions, so the module proxy serves its commits as
# pseudo-versions: this one is main at aced80d (2026-04-23, VERSION 3.0.5), what `go list -m …@latest` gave.
MIMIR_MODULE_VERSION=v1.3.1-0.20260423142704-aced80d74930
MIMIR_VERSION=3.0.5-aced80d
MIMIR_BIN="${MIMIR_BIN:-/usr/local/bin/mimir}"

install_apt() {
  local pkgs=()
  command -v prometheus >/dev/null || pkgs+=(prometheus)
  command -v promtool >/dev/null || pkgs+=(prometheus)
  command -v victoria-metrics >/dev/null || pkgs+=(victoria-metrics)
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  command -v qemu-aarch64-static >/dev/null || pkgs+=(qemu-user-static)
  # The linux arm64 build ships the aarch64 glibc beside its executable (scripts/backend/platforms.ts).
  [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || pkgs+=(libc6-arm64-cross)
  # Its Node SEA also ships the aarch64 C++ runtime, and is stripped with the aarch64 binutils.
  [ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || pkgs+=(libstdc++6-arm64-cross)
  [ -e /usr/aarch64-linux-gnu/lib/libgcc_s.so.1 ] || pkgs+=(libgcc-s1-arm64-cross)
  command -v aarch64-linux-gnu-strip >/dev/null || pkgs+=(binutils-aarch64-linux-gnu)
  # The windows Node SEA's start-up snapshot is written by npm's node.exe under Wine (scripts/backend/node-sea.ts).
  [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || pkgs+=(wine64)
  # The plugin archives deflate with libdeflate's strongest level (scripts/backend/zip.ts).
  command -v libdeflate-gzip >/dev/null || pkgs+=(libdeflate-tools)
  # A root with musl and no glibc, entered with bubblewrap (test/protocol/linux-userlands.test.ts).
  [ -e /usr/lib/x86_64-linux-musl/libc.so ] || pkgs+=(musl)
  [ -e /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || pkgs+=(busybox-static)
  command -v bwrap >/dev/null || pkgs+=(bubblewrap)
  if [ ${#pkgs[@]} -gt 0 ]; then
    echo "installing Debian packages: ${pkgs[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  fi
  # The Debian package may start a system Prometheus on :9090; tests use their own instances.
  prometheus --version 2>&1 | head -1
  victoria-metrics -version 2>&1 | head -1
}

# Builds `package` of `module@version` into `out`, inside a writable copy of the module: `go install` refuses
# modules with replace directives, and their own go.mod must be the main module for those to apply. Extra
# arguments go to `go build`. A GOTOOLCHAIN set by the caller applies to the download and the build.
build_in_module_copy() {
  local module=$1 package=$2 out=$3
  shift 3
  local dir src
  dir=$(go mod download -json "$module" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  src=$(mktemp -d)
  cp -r "$dir/." "$src"
  chmod -R u+w "$src"
  (cd "$src" && GOFLAGS=-mod=mod go build "$@" -o "$out" "$package")
  rm -rf "$src"
}

install_jaeger() {
  if [ -x "$JAEGER_BIN" ]; then
    echo "jaeger present at $JAEGER_BIN"
    return
  fi
  # `go install …@v1.76.0` refuses modules with replace directives, so build inside the module itself.
  echo "building jaeger $JAEGER_VERSION with go (takes several minutes)"
  local dir
  dir=$(go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  (cd "$dir" && GOFLAGS=-mod=mod go build -o "$JAEGER_BIN" ./cmd/jaeger)
  echo "jaeger built at $JAEGER_BIN"
}

install_prometheus3() {
  if [ -x "$PROMETHEUS3_BIN" ]; then
    echo "prometheus3 present at $PROMETHEUS3_BIN"
    return
  fi
  echo "building prometheus $PROMETHEUS3_MODULE_VERSION with go (takes about 5 minutes)"
  local gobin
  gobin=$(mktemp -d)
  # Module v0.3NN.P is Prometheus 3.NN.P; `go install` leaves the reported version empty unless it is set.
  local minor patch
  minor=$(echo "$PROMETHEUS3_MODULE_VERSION" | sed -E 's/^v0\.3([0-9]{2})\.([0-9]+)$/\1/')
  patch=$(echo "$PROMETHEUS3_MODULE_VERSION" | sed -E 's/^v0\.3([0-9]{2})\.([0-9]+)$/\2/')
  GOBIN="$gobin" go install -ldflags "-X github.com/prometheus/common/version.Version=3.$((10#$minor)).$patch" \
    "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS3_MODULE_VERSION"
  mv "$gobin/prometheus" "$PROMETHEUS3_BIN"
  rmdir "$gobin"
  "$PROMETHEUS3_BIN" --version | head -1
}

install_thanos() {
  # A binary that does not report this version is an older build (or one without the build tags below, which
  # crashes): rebuild it.
  if [ -x "$THANOS_BIN" ] && "$THANOS_BIN" --version 2>&1 | grep -q "version ${THANOS_VERSION#v} "; then
    echo "thanos present at $THANOS_BIN"
    return
  fi
  echo "building thanos $THANOS_VERSION with go (takes about 3 minutes)"
  # The tags and version flags of Thanos' own release build (.promu.yml). `slicelabels` is required: Thanos
  # reinterprets Prometheus label slices in place, and without it (Prometheus' default label layout since
  # 3.x) every Store API answer carrying labels crashes the server (`makeslice: len out of range`,
  # a SIGSEGV in gogo's writeString).
  GOTOOLCHAIN=$THANOS_GOTOOLCHAIN build_in_module_copy "github.com/thanos-io/thanos@$THANOS_VERSION" ./cmd/thanos "$THANOS_BIN" \
    -tags netgo,slicelabels \
    -ldflags "-X github.com/prometheus/common/version.Version=${THANOS_VERSION#v} -X github.com/prometheus/common/version.Revision=$THANOS_VERSION"
  "$THANOS_BIN" --version 2>&1 | head -1
}

install_mimir() {
  if [ -x "$MIMIR_BIN" ] && "$MIMIR_BIN" --version 2>&1 | grep -q "version $MIMIR_VERSION "; then
    echo "mimir present at $MIMIR_BIN"
    return
  fi
  echo "building mimir $MIMIR_VERSION with go (takes several minutes)"
  # The tags and version flags of Mimir's own release build (its Makefile's GO_FLAGS).
  build_in_module_copy "github.com/grafana/mimir@$MIMIR_MODULE_VERSION" ./cmd/mimir "$MIMIR_BIN" \
    -tags netgo,stringlabels \
    -ldflags "-X github.com/grafana/mimir/pkg/util/version.Version=$MIMIR_VERSION -X github.com/grafana/mimir/pkg/util/version.Revision=aced80d74930"
  "$MIMIR_BIN" --version 2>&1 | head -1
}

case "$what" in
  apt) install_apt ;;
  jaeger) install_jaeger ;;
  engines) install_prometheus3 ;;
  thanos) install_thanos ;;
  mimir) install_mimir ;;
  all) install_apt; install_jaeger; install_prometheus3; install_thanos; install_mimir ;;
  *) echo "usage: $0 [apt|jaeger|engines|thanos|mimir|all]" >&2; exit 2 ;;
esac
