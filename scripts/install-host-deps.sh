#!/usr/bin/env bash
# Install the Debian packages the workshop's tests need on the host:
#   containerd, runc, CNI plugins (in /usr/lib/cni on Debian), iptables (nft
#   backend), busybox-static (hand-built pause/demo images), tmux, openssl,
#   iproute2, curl, ca-certificates, procps, sudo (the tests run the workshop
#   as an ordinary user), util-linux (unshare, nsenter, setpriv: nodes) and
#   nftables (`nft list ruleset` in the host-diff tests).
#
# Built for CI and our Debian bookworm machines: a warm run (everything
# installed) is one dpkg-query and returns at once; apt-get update runs only
# when the package lists cannot provide something that is missing.
#
# Usage: scripts/install-host-deps.sh    (as root, or with sudo available)
set -euo pipefail

packages=(
  containerd
  runc
  containernetworking-plugins
  iptables
  busybox-static
  tmux
  openssl
  iproute2
  curl
  ca-certificates
  procps
  sudo
  util-linux
  nftables
)

# One dpkg-query for all packages: it prints a line only for packages dpkg
# knows, so anything without "install ok installed" is missing.
missing=()
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
for p in "${packages[@]}"; do
  grep -qxF "$p install ok installed" <<<"$installed" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "host deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "host deps: installing ${missing[*]}"

# Not root: go through sudo (CI runners), or explain.
sudo=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || {
    echo "host deps: need root (or sudo) to install ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi

# noninteractive: never stop at a debconf question. DPkg::Lock::Timeout:
# other jobs on the machine may be running apt at the same moment; wait for
# them instead of failing on the lock.
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600)

# apt-get update is the slow part and usually unnecessary: run it only when a
# missing package has no install candidate in the current lists (fresh image
# with empty lists, or a new package name).
needs_update=0
for p in "${missing[@]}"; do
  candidate=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    needs_update=1
    break
  fi
done
if [[ $needs_update == 1 ]]; then
  "${apt[@]}" update
fi

# Stale lists can name .debs the mirror no longer has (404): refresh once
# and retry before giving up.
if ! "${apt[@]}" install --no-install-recommends "${missing[@]}"; then
  echo "host deps: install failed; refreshing package lists and retrying" >&2
  "${apt[@]}" update
  "${apt[@]}" install --no-install-recommends "${missing[@]}"
fi
echo "host deps: done"
