#!/usr/bin/env bash
# Build real Kubernetes, etcd, containerd, CoreDNS and Traefik binaries from
# their published Go modules into demystify's binary cache:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/demystify/bin/<project>/<version>/<binary>
#
# This is the same layout the product's downloader fills from the official
# release URLs (src/cluster/cache-layout.ts), so the product cannot tell the
# two apart. It exists for machines that reach the Go module proxy but not
# dl.k8s.io or GitHub (CI, our test VMs, offline-ish laptops). Learners get the
# official releases; this is a test/offline convenience.
#
# Usage: scripts/build-components.sh
#          [--only kubernetes|etcd|containerd|coredns|traefik]...
#          [--jobs N] [--force] [--check]
# --check builds nothing: exit 0 when every binary asked for is in the cache
# (for this version and recipe), 1 otherwise (.ci/run waits on it).
# Versions: DEMYSTIFY_KUBERNETES_VERSION, DEMYSTIFY_ETCD_VERSION,
#           DEMYSTIFY_CONTAINERD_VERSION, DEMYSTIFY_COREDNS_VERSION,
#           DEMYSTIFY_TRAEFIK_VERSION (defaults: src/cluster/versions.ts).
#
# A cold build (empty Go build cache) takes tens of minutes on 2 cores; a
# second run with everything in place returns in milliseconds.
set -euo pipefail

# Defaults mirror src/cluster/versions.ts (defaultVersions). Keep in sync.
DEFAULT_KUBERNETES_VERSION=v1.37.2
DEFAULT_ETCD_VERSION=v3.6.16
DEFAULT_CONTAINERD_VERSION=v2.3.7
DEFAULT_COREDNS_VERSION=v1.15.0
DEFAULT_TRAEFIK_VERSION=v3.6.12

# Bump when the build recipe (flags, tags, ldflags, binary list) changes so
# that binaries built by an older recipe are rebuilt instead of reported as
# cached.
RECIPE=2

usage() {
  sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
  echo "build-components: $*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# Arguments. Everything before the first `go` call must stay cheap: the
# common case is "already built" and should answer in a few milliseconds.
# ---------------------------------------------------------------------------
only=()
jobs=""
force=0
check=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only)
      [[ $# -ge 2 ]] || die "--only needs a project name"
      only+=("$2")
      shift 2
      ;;
    --only=*)
      only+=("${1#--only=}")
      shift
      ;;
    --jobs | -j)
      [[ $# -ge 2 ]] || die "--jobs needs a number"
      jobs="$2"
      shift 2
      ;;
    --jobs=*)
      jobs="${1#--jobs=}"
      shift
      ;;
    --force)
      force=1
      shift
      ;;
    --check)
      check=1
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done

# kubernetes and etcd come first: they are what the integration tests need,
# containerd is optional (Debian's containerd works too). CoreDNS and Traefik,
# for the DNS and Ingress chapters, come last: they share many modules with
# Kubernetes (client-go, gRPC, protobuf), so they reuse its build cache.
all_projects=(kubernetes etcd containerd coredns traefik)
if [[ ${#only[@]} -eq 0 ]]; then
  projects=("${all_projects[@]}")
else
  projects=()
  # Keep the canonical order whatever order --only was given in.
  for p in "${all_projects[@]}"; do
    for o in "${only[@]}"; do
      [[ "$o" == "$p" ]] && projects+=("$p") && break
    done
  done
  for o in "${only[@]}"; do
    case "$o" in
      kubernetes | etcd | containerd | coredns | traefik) ;;
      *) die "--only: unknown project '$o' (kubernetes, etcd, containerd, coredns, traefik)" ;;
    esac
  done
fi

if [[ -n "$jobs" ]]; then
  [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer, got '$jobs'"
fi

# Same rule as versionsFromEnv(): an override may omit the leading "v".
with_v() { [[ "$1" == v* ]] && echo "$1" || echo "v$1"; }
kubernetes_version=$(with_v "${DEMYSTIFY_KUBERNETES_VERSION:-$DEFAULT_KUBERNETES_VERSION}")
etcd_version=$(with_v "${DEMYSTIFY_ETCD_VERSION:-$DEFAULT_ETCD_VERSION}")
containerd_version=$(with_v "${DEMYSTIFY_CONTAINERD_VERSION:-$DEFAULT_CONTAINERD_VERSION}")
coredns_version=$(with_v "${DEMYSTIFY_COREDNS_VERSION:-$DEFAULT_COREDNS_VERSION}")
traefik_version=$(with_v "${DEMYSTIFY_TRAEFIK_VERSION:-$DEFAULT_TRAEFIK_VERSION}")

# Same rule as cacheDir() in src/cluster/paths.ts: the XDG spec says a
# relative XDG_CACHE_HOME is invalid and must be ignored.
if [[ -n "${XDG_CACHE_HOME:-}" && "$XDG_CACHE_HOME" == /* ]]; then
  cache_root="$XDG_CACHE_HOME/demystify"
else
  cache_root="$HOME/.cache/demystify"
fi

version_of() {
  case "$1" in
    kubernetes) echo "$kubernetes_version" ;;
    etcd) echo "$etcd_version" ;;
    containerd) echo "$containerd_version" ;;
    coredns) echo "$coredns_version" ;;
    traefik) echo "$traefik_version" ;;
  esac
}

binaries_of() {
  case "$1" in
    kubernetes) echo "kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl" ;;
    etcd) echo "etcd etcdctl etcdutl" ;;
    containerd) echo "containerd containerd-shim-runc-v2 ctr" ;;
    coredns) echo "coredns" ;;
    traefik) echo "traefik" ;;
  esac
}

bin_dir() { echo "$cache_root/bin/$1/$2"; }
# Work module, go.sum and stamp live outside bin/ so that bin/ holds exactly
# what the downloader would put there and nothing else.
work_dir() { echo "$cache_root/build/$1-$2"; }
stamp_file() { echo "$(work_dir "$1" "$2")/build.stamp"; }

# The stamp is written only after every binary of a project was built,
# version-checked and renamed into place. "Cached" means: stamp for this
# version and recipe, and every binary still present and executable.
is_cached() {
  local project=$1 version=$2 stamp dir b
  stamp=$(stamp_file "$project" "$version")
  dir=$(bin_dir "$project" "$version")
  [[ -f "$stamp" ]] || return 1
  local line ok_version=0 ok_recipe=0
  while IFS= read -r line; do
    [[ "$line" == "version=$version" ]] && ok_version=1
    [[ "$line" == "recipe=$RECIPE" ]] && ok_recipe=1
  done <"$stamp"
  [[ $ok_version == 1 && $ok_recipe == 1 ]] || return 1
  for b in $(binaries_of "$project"); do
    [[ -x "$dir/$b" ]] || return 1
  done
}

todo=()
for p in "${projects[@]}"; do
  v=$(version_of "$p")
  if [[ $check == 1 ]]; then
    is_cached "$p" "$v" || todo+=("$p")
  elif [[ $force == 0 ]] && is_cached "$p" "$v"; then
    echo "$p $v: cached in $(bin_dir "$p" "$v")"
  else
    todo+=("$p")
  fi
done
[[ ${#todo[@]} -eq 0 ]] && exit 0
[[ $check == 1 ]] && exit 1

# ---------------------------------------------------------------------------
# Something has to be built from here on.
# ---------------------------------------------------------------------------
command -v go >/dev/null || die "go not found in PATH (/usr/local/go/bin on our machines)"

mkdir -p "$cache_root/build"
# Other engineers' test runs may call this script at the same time: serialise
# builds so two runs never write the same work module or binary at once. The
# loser re-checks the cache after getting the lock and usually has nothing
# left to do.
exec 9>"$cache_root/build/.lock"
if ! flock -n 9; then
  echo "another build-components.sh is running; waiting for it..."
  flock 9
fi

# -mod=mod lets `go build` fill in go.sum for the generated work modules
# (they are ours, generated, so there is nothing to keep pristine). The
# user's GOFLAGS is replaced, not extended, so stray -tags or -mod=vendor
# settings cannot change what gets built. GOCACHE / GOMODCACHE are left
# alone: the default locations (~/.cache/go-build, ~/go/pkg/mod) persist
# between runs and make rebuilds cheap. GOTOOLCHAIN is left alone too: with
# the default "auto", a release that needs a newer Go fetches that toolchain
# from the module proxy instead of failing.
export GOFLAGS=-mod=mod
jobs=${jobs:-$(nproc 2>/dev/null || echo 2)}
go_version=$(go env GOVERSION)

# Temp files currently being written; removed if we exit half-way so that a
# failed or interrupted build never leaves junk next to the real binaries.
tmp_files=()
cleanup() {
  local f
  for f in "${tmp_files[@]}"; do rm -f -- "$f"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", b - a }'; }
human_size() { awk -v n="$1" 'BEGIN { printf "%.1f MiB", n / 1048576 }'; }

# Download a module version through the proxy and print one field of
# `go mod download -json` (GoMod: path of its go.mod, Dir, Info, ...). Run
# outside any module so that the work module's state does not matter, and
# without our GOFLAGS (-mod=mod means nothing outside a module).
mod_field() {
  local mod=$1 field=$2 json
  json=$(cd / && GOFLAGS='' go mod download -json "$mod") || die "cannot download $mod: $json"
  sed -nE "s/^[[:space:]]*\"$field\": \"(.*)\",?$/\1/p" <<<"$json"
}

# The `go` directive of a go.mod file (e.g. 1.26.0).
go_directive() { sed -nE 's/^go[[:space:]]+([0-9][^[:space:]]*).*/\1/p' "$1" | head -n1; }

# The release's tag time from the proxy's .info file, used as buildDate so
# that rebuilding the same version gives the same bytes (no wall-clock date).
release_time() {
  local info
  info=$(mod_field "$1" Info)
  sed -nE 's/.*"Time":"([^"]+)".*/\1/p' "$info"
}

# build_one PROJECT VERSION BINARY PACKAGE CGO TAGS LDFLAGS VERSION_CHECK...
# Builds into a temp name inside the final directory (same filesystem, so the
# rename is atomic), runs a version command on it, and only then renames it
# into place. VERSION_CHECK is the argument list for that command; its output
# must mention the version we asked for.
build_one() {
  local project=$1 version=$2 bin=$3 pkg=$4 cgo=$5 tags=$6 ldflags=$7
  shift 7
  local dir tmp start out want
  dir=$(bin_dir "$project" "$version")
  tmp="$dir/.$bin.tmp.$$"
  tmp_files+=("$tmp")
  start=$(now)
  (
    cd "$(work_dir "$project" "$version")"
    # -trimpath: no build-machine paths in the binary (as upstream releases).
    CGO_ENABLED=$cgo go build -p "$jobs" -trimpath -tags "$tags" -ldflags "$ldflags" -o "$tmp" "$pkg"
  ) || die "$project: building $bin ($pkg) failed"
  chmod 755 "$tmp"
  want=${version#v}
  # timeout: a flag that changed meaning must not leave a daemon running.
  out=$(timeout 30 "$tmp" "$@" 2>&1) || true
  [[ "$out" == *"$want"* ]] || die "$project: $bin $* printed no '$want': ${out:0:300}"
  mv -f -- "$tmp" "$dir/$bin"
  printf '  %-26s %8s  %10s  cgo=%s\n' "$bin" "$(elapsed "$start" "$(now)")" \
    "$(human_size "$(stat -c %s "$dir/$bin")")" "$cgo"
}

# Write the work module's go.mod. Rewritten on every build (it is cheap and
# deterministic); go.sum is kept so modules are not re-verified every time.
write_go_mod() {
  local wd=$1 content=$2
  mkdir -p "$wd"
  printf '%s\n' "$content" >"$wd/go.mod"
  [[ -f "$wd/go.sum" ]] || : >"$wd/go.sum"
}

# Resolve and download every module the packages need (and nothing the
# packages do not need: `go mod download` would fetch the whole build list,
# test-only dependencies included). Timed separately so a cold run shows how
# much was network versus compiling.
resolve() {
  local project=$1 version=$2 tags=$3
  shift 3
  (cd "$(work_dir "$project" "$version")" && go list -tags "$tags" -deps "$@" >/dev/null) ||
    die "$project: resolving modules failed"
  # Measured from the project's start, so it includes fetching the release's
  # own module (k8s.io/kubernetes alone is a large zip) and its go.mod.
  printf '  %-26s %8s\n' "(fetch + resolve modules)" "$(elapsed "$project_start" "$(now)")"
}

write_stamp() {
  local project=$1 version=$2 stamp
  stamp=$(stamp_file "$project" "$version")
  {
    echo "project=$project"
    echo "version=$version"
    echo "recipe=$RECIPE"
    echo "go=$go_version"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "binaries=$(binaries_of "$project")"
  } >"$stamp.tmp.$$"
  mv -f -- "$stamp.tmp.$$" "$stamp"
}

# ---------------------------------------------------------------------------
# Kubernetes. k8s.io/kubernetes cannot be `go install`ed: its go.mod replaces
# the staging modules (k8s.io/api, k8s.io/client-go, ...) with directories
# (./staging/src/k8s.io/X) that are not part of the published module, and
# requires them as v0.0.0. Our work module requires k8s.io/kubernetes and
# replaces each of those with the matching published tag (v1.Y.Z -> v0.Y.Z).
# ---------------------------------------------------------------------------
build_kubernetes() {
  local version=$1 wd gomod staging_version go_line godebug replaces mod date ldflags tags
  wd=$(work_dir kubernetes "$version")
  gomod=$(mod_field "k8s.io/kubernetes@$version" GoMod)
  [[ -f "$gomod" ]] || die "kubernetes: no go.mod for k8s.io/kubernetes@$version"

  # Staging modules are tagged v0.Y.Z for Kubernetes v1.Y.Z.
  staging_version="v0.${version#v1.}"
  # Every `X => ./staging/...` replacement, single-line or in a block. Derived
  # from the release's own go.mod so new staging modules are picked up.
  replaces=""
  while IFS= read -r mod; do
    replaces+=$'\t'"$mod => $mod $staging_version"$'\n'
  done < <(sed -nE 's#^[[:space:]]*(replace[[:space:]]+)?([^[:space:]]+)[[:space:]]+=>[[:space:]]+\./staging/.*#\2#p' "$gomod")
  [[ -n "$replaces" ]] || die "kubernetes: found no staging replacements in $gomod"

  # Same language version and GODEBUG defaults as the release build: the main
  # module's go/godebug lines decide them, and ours is the main module.
  go_line=$(go_directive "$gomod")
  godebug=$(grep -E '^godebug[[:space:]]' "$gomod" || true)

  write_go_mod "$wd" "// Generated by demystify scripts/build-components.sh; rewritten on every build.
module demystify.local/build/kubernetes

go $go_line

$godebug

require k8s.io/kubernetes $version

replace (
$replaces)"

  # What `kubectl version` / `--version` print. Upstream sets the same
  # variables in both component-base and client-go (hack/lib/version.sh).
  # There is no git checkout, so gitCommit is set empty (left alone it reads
  # "$Format:%H$", the git-archive placeholder); "archive" is the tree state
  # upstream itself uses for builds from a source archive.
  local major minor rest
  rest=${version#v}
  major=${rest%%.*}
  rest=${rest#*.}
  minor=${rest%%.*}
  date=${SOURCE_DATE_EPOCH:+$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)}
  date=${date:-$(release_time "k8s.io/kubernetes@$version")}
  ldflags="-s -w"
  local pkgvar
  for pkgvar in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkgvar.gitVersion=$version -X $pkgvar.gitMajor=$major -X $pkgvar.gitMinor=$minor"
    ldflags+=" -X $pkgvar.gitCommit= -X $pkgvar.gitTreeState=archive -X $pkgvar.buildDate=$date"
  done
  # Upstream release tags (hack/lib/golang.sh): selinux support, no test
  # hooks, and grpcnotrace so the linker can drop x/net/trace.
  tags="selinux,notest,grpcnotrace"

  local pkgs=() b
  for b in $(binaries_of kubernetes); do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  resolve kubernetes "$version" "$tags" "${pkgs[@]}"

  # All static (CGO_ENABLED=0). Upstream links kubelet dynamically against
  # glibc, but nothing it needs on Linux requires cgo (cgroups, netlink,
  # mounts are pure Go), and a static binary runs on any host we copy it to.
  build_one kubernetes "$version" kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver 0 "$tags" "$ldflags" --version
  build_one kubernetes "$version" kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager 0 "$tags" "$ldflags" --version
  build_one kubernetes "$version" kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler 0 "$tags" "$ldflags" --version
  build_one kubernetes "$version" kubelet k8s.io/kubernetes/cmd/kubelet 0 "$tags" "$ldflags" --version
  build_one kubernetes "$version" kube-proxy k8s.io/kubernetes/cmd/kube-proxy 0 "$tags" "$ldflags" --version
  build_one kubernetes "$version" kubectl k8s.io/kubernetes/cmd/kubectl 0 "$tags" "$ldflags" version --client
}

# ---------------------------------------------------------------------------
# etcd. The server's main package is the root of go.etcd.io/etcd/server/v3,
# etcdctl's the root of go.etcd.io/etcd/etcdctl/v3, etcdutl's (offline
# snapshot restore, used by checkpoints) the root of go.etcd.io/etcd/etcdutl/v3.
# Their go.mod files replace sibling modules with ../ paths (ignored for
# dependencies), so they too need a work module rather than `go install`.
# A cache that predates etcdutl fails is_cached (a binary is missing), so the
# project is rebuilt; etcd and etcdctl come straight from the Go build cache.
# ---------------------------------------------------------------------------
build_etcd() {
  local version=$1 wd mod_server mod_ctl mod_utl go_line ldflags
  wd=$(work_dir etcd "$version")
  mod_server=$(mod_field "go.etcd.io/etcd/server/v3@$version" GoMod)
  mod_ctl=$(mod_field "go.etcd.io/etcd/etcdctl/v3@$version" GoMod)
  mod_utl=$(mod_field "go.etcd.io/etcd/etcdutl/v3@$version" GoMod)
  # The newest of the `go` lines, so none needs a go.mod bump.
  go_line=$(printf '%s\n%s\n%s\n' "$(go_directive "$mod_server")" "$(go_directive "$mod_ctl")" \
    "$(go_directive "$mod_utl")" | sort -V | tail -n1)

  write_go_mod "$wd" "// Generated by demystify scripts/build-components.sh; rewritten on every build.
module demystify.local/build/etcd

go $go_line

require (
	go.etcd.io/etcd/server/v3 $version
	go.etcd.io/etcd/etcdctl/v3 $version
	go.etcd.io/etcd/etcdutl/v3 $version
)"

  # etcd's version number is a constant in api/v3/version; the build script
  # only injects the git SHA, which we do not have. Say where it came from.
  ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=go-module-$version"
  resolve etcd "$version" "" go.etcd.io/etcd/server/v3 go.etcd.io/etcd/etcdctl/v3 go.etcd.io/etcd/etcdutl/v3
  # etcd's own release builds are CGO_ENABLED=0 as well.
  build_one etcd "$version" etcd go.etcd.io/etcd/server/v3 0 "" "$ldflags" --version
  build_one etcd "$version" etcdctl go.etcd.io/etcd/etcdctl/v3 0 "" "$ldflags" version
  build_one etcd "$version" etcdutl go.etcd.io/etcd/etcdutl/v3 0 "" "$ldflags" version
}

# ---------------------------------------------------------------------------
# containerd (v2 module path; the cmd/ packages are in the main module).
# ---------------------------------------------------------------------------
build_containerd() {
  local version=$1 wd gomod go_line ldflags tags shim_tags
  wd=$(work_dir containerd "$version")
  gomod=$(mod_field "github.com/containerd/containerd/v2@$version" GoMod)
  go_line=$(go_directive "$gomod")

  write_go_mod "$wd" "// Generated by demystify scripts/build-components.sh; rewritten on every build.
module demystify.local/build/containerd

go $go_line

require github.com/containerd/containerd/v2 $version"

  # The Makefile's version variables; VERSION there is `git describe`, i.e.
  # the tag with its "v".
  local pkg=github.com/containerd/containerd/v2
  ldflags="-s -w -X $pkg/version.Version=$version -X $pkg/version.Revision=go-module -X $pkg/version.Package=$pkg"
  # Static like the upstream "containerd-static" release. Without cgo the
  # btrfs snapshotter drops out by its build constraint; overlayfs and
  # native, the ones the workshop uses, are pure Go. The shim gets no_grpc
  # (it speaks ttrpc only), as in the Makefile.
  tags="urfave_cli_no_docs,no_btrfs"
  shim_tags="$tags,no_grpc"
  resolve containerd "$version" "$tags" "$pkg/cmd/containerd" "$pkg/cmd/ctr" "$pkg/cmd/containerd-shim-runc-v2"
  build_one containerd "$version" containerd "$pkg/cmd/containerd" 0 "$tags" "$ldflags" --version
  build_one containerd "$version" containerd-shim-runc-v2 "$pkg/cmd/containerd-shim-runc-v2" 0 "$shim_tags" "$ldflags" -v
  build_one containerd "$version" ctr "$pkg/cmd/ctr" 0 "$tags" "$ldflags" --version
}

# ---------------------------------------------------------------------------
# CoreDNS. The main package is the module's root; its go.mod has no replace
# directives, so a work module that requires it is all it takes. The version
# number is a constant (coremain.CoreVersion); the Makefile only injects the
# commit, which we do not have. Static and with grpcnotrace, as the Makefile.
# ---------------------------------------------------------------------------
build_coredns() {
  local version=$1 wd gomod pkg=github.com/coredns/coredns tags=grpcnotrace ldflags
  wd=$(work_dir coredns "$version")
  gomod=$(mod_field "$pkg@$version" GoMod)

  write_go_mod "$wd" "// Generated by demystify scripts/build-components.sh; rewritten on every build.
module demystify.local/build/coredns

go $(go_directive "$gomod")

require $pkg $version"

  ldflags="-s -w -X $pkg/coremain.GitCommit=go-module-$version"
  resolve coredns "$version" "$tags" "$pkg"
  build_one coredns "$version" coredns "$pkg" 0 "$tags" "$ldflags" -version
}

# ---------------------------------------------------------------------------
# Traefik v3. Its go.mod has three kinds of replace directive, and a
# dependency's replacements are ignored, so the work module repeats them:
#  - forks (github.com/gorilla/mux => github.com/containous/mux ...): copied;
#  - `exclude` lines: copied;
#  - github.com/traefik/traefik/dynamic/ext => ./pkg/config/dynamic/ext: a
#    nested module that is neither in the published zip nor on the proxy. It
#    is an extension point of empty structs (dynamic.HTTP and dynamic.Router
#    embed ext.HTTP and ext.Router), so we generate it: one empty struct per
#    name the release uses. A release that needs more than empty structs fails
#    to compile here, loudly.
# The web UI is embedded from webui/static, which the published module holds
# as a placeholder: the dashboard is empty, the proxy and API are whole.
# ---------------------------------------------------------------------------
build_traefik() {
  local version=$1 wd gomod dir pkg=github.com/traefik/traefik/v3 ext=github.com/traefik/traefik/dynamic/ext
  local go_line forks excludes names n ldflags date ext_require="" ext_replace=""
  wd=$(work_dir traefik "$version")
  gomod=$(mod_field "$pkg@$version" GoMod)
  dir=$(mod_field "$pkg@$version" Dir)
  go_line=$(go_directive "$gomod")

  # `old => new version` lines, single or in a block, that do not point at a
  # local folder; and every exclude line.
  forks=$(sed -nE 's#^[[:space:]]*(replace[[:space:]]+)?([^[:space:]]+[[:space:]]+=>[[:space:]]+[^.[:space:]][^[:space:]]*[[:space:]]+v[^[:space:]]+).*#\2#p' "$gomod")
  excludes=$(sed -nE 's#^exclude[[:space:]]+(.*)#exclude \1#p' "$gomod")

  if grep -qF "$ext" "$gomod"; then
    mkdir -p "$wd/ext"
    names=$(grep -rlF "\"$ext\"" --include='*.go' "$dir" | xargs -r grep -ohE '\bext\.[A-Z][A-Za-z0-9_]*' | sed 's/^ext\.//' | sort -u)
    {
      echo "// Generated by demystify scripts/build-components.sh: the empty extension"
      echo "// types $pkg@$version embeds (see build_traefik)."
      echo "package ext"
      for n in $names; do printf '\ntype %s struct{}\n' "$n"; done
    } >"$wd/ext/ext.go"
    printf 'module %s\n\ngo %s\n' "$ext" "$go_line" >"$wd/ext/go.mod"
    ext_require="require $ext v0.0.0-00010101000000-000000000000"
    ext_replace="replace $ext => ./ext"
  fi

  write_go_mod "$wd" "// Generated by demystify scripts/build-components.sh; rewritten on every build.
module demystify.local/build/traefik

go $go_line

require $pkg $version
$ext_require
$ext_replace

replace (
$forks
)

$excludes"

  # The Makefile's variables (the codename stays the release's own).
  date=${SOURCE_DATE_EPOCH:+$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)}
  date=${date:-$(release_time "$pkg@$version")}
  ldflags="-s -w -X $pkg/pkg/version.Version=$version -X $pkg/pkg/version.BuildDate=$date"
  resolve traefik "$version" "" "$pkg/cmd/traefik"
  build_one traefik "$version" traefik "$pkg/cmd/traefik" 0 "" "$ldflags" version
}

total_start=$(now)
for p in "${todo[@]}"; do
  v=$(version_of "$p")
  # Re-check under the lock: a concurrent run may just have built it.
  if [[ $force == 0 ]] && is_cached "$p" "$v"; then
    echo "$p $v: cached in $(bin_dir "$p" "$v") (built by a concurrent run)"
    continue
  fi
  echo "$p $v: building into $(bin_dir "$p" "$v") with $go_version, -p $jobs"
  mkdir -p "$(bin_dir "$p" "$v")" "$(work_dir "$p" "$v")"
  # A stale stamp must not vouch for a half-rebuilt set of binaries.
  rm -f -- "$(stamp_file "$p" "$v")"
  project_start=$(now)
  "build_$p" "$v"
  write_stamp "$p" "$v"
  printf '  %-26s %8s\n' "($p total)" "$(elapsed "$project_start" "$(now)")"
done
printf 'done in %s\n' "$(elapsed "$total_start" "$(now)")"
