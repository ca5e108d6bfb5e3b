#!/usr/bin/env bash
# Takes down what the node chapters (containerd, kubelet, CNI, kube-proxy)
# leave on this machine when the workshop stops in the middle, instead of
# through the last chapter: container processes, mounts, Pod network
# namespaces, the bridges, iptables rules and the kernel settings the
# kubelet changed. Run it as root from the workshop shell, after leaving the
# components (or let demystify stop them first):
#
#   bash "$ASSETS/teardown-node.sh"
#
# It only touches what the workshop made: the containerd of
# /run/demystify/containerd.sock, mounts inside $WORKSPACE and /run/demystify,
# the network namespaces and iptables rules of the CNI network "demystify",
# the bridges cni0 and demystify-svc, the kubelet's and kube-proxy's KUBE-*
# chains. It is safe to run twice.
set -u
WORKSPACE=${WORKSPACE:?run this from the workshop shell, or set WORKSPACE}
SOCKET=/run/demystify/containerd.sock
CNI_CACHE=/var/lib/cni/results
say() { printf '%s\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
  say "teardown-node: needs root (sudo -E bash $0)" >&2
  exit 1
fi

# 1. Processes. The shims of our containerd outlive it by design, and the
# containers' processes live below them. Kill the containers through their
# cgroups (every process of a Pod is in one under kubepods), then the shims.
for pid in $(find /sys/fs/cgroup -path '*kubepods*' -name cgroup.procs -exec cat {} + 2>/dev/null | sort -un); do
  kill -9 "$pid" 2>/dev/null && say "killed container process $pid"
done
for pid in $(pgrep -f "[c]ontainerd-shim-runc-v2 .*-address $SOCKET"); do
  for child in $(pgrep -P "$pid"); do kill -9 "$child" 2>/dev/null; done
  kill -9 "$pid" 2>/dev/null && say "killed shim $pid"
done

# 2. Pod network namespaces, from the CNI result cache containerd keeps: one
# file per Pod and interface, naming the network and the namespace.
netns_of_ours=()
for f in "$CNI_CACHE"/demystify-*-eth0 "$CNI_CACHE"/cni-loopback-*-lo; do
  [ -e "$f" ] || continue
  ns=$(grep -o '"netns":"[^"]*"' "$f" | head -n 1 | cut -d'"' -f4)
  [ -n "$ns" ] && netns_of_ours+=("$(basename "$ns")")
done

# 3. Mounts: the kubelet's root folder (bind-mounted onto itself) and Pod
# volumes in the workspace, containerd's rootfs and shm mounts, the pinned
# network namespaces. Deepest first.
findmnt -r -n -o TARGET | grep -E "^($WORKSPACE/|/run/demystify/)" | sort -r | while read -r m; do
  umount "$m" 2>/dev/null || umount -l "$m" && say "unmounted $m"
done
for ns in $(printf '%s\n' "${netns_of_ours[@]}" | sort -u); do
  if [ -e "/run/netns/$ns" ]; then ip netns delete "$ns" && say "deleted network namespace $ns"; fi
done
for f in "$CNI_CACHE"/demystify-*-eth0 "$CNI_CACHE"/cni-loopback-*-lo; do [ -e "$f" ] && rm -f "$f"; done

# 4. Interfaces. Deleting a namespace deleted its veth pairs; the bridges
# stay until deleted. Their routes go with them.
for link in cni0 demystify-svc; do
  if ip link show "$link" >/dev/null 2>&1; then ip link delete "$link" && say "deleted interface $link"; fi
done

# 5. iptables. The bridge plugin's masquerading chains carry the network's
# name in a comment; the KUBE-* chains are the kubelet's and kube-proxy's.
if command -v kube-proxy >/dev/null; then kube-proxy --cleanup >/dev/null 2>&1; fi
for ipt in iptables ip6tables; do
  command -v "$ipt-save" >/dev/null || continue
  saved=$("$ipt-save") || continue
  ours=$(grep -F 'name: \"demystify\"' <<<"$saved" | grep -oE -- '-j CNI-[0-9a-f]+' | cut -c4- | sort -u | paste -sd'|' -)
  if grep -q 'KUBE-' <<<"$saved" || [ -n "$ours" ]; then
    grep -v 'KUBE-' <<<"$saved" | grep -vF 'name: \"demystify\"' |
      { if [ -n "$ours" ]; then grep -vE "^:($ours) "; else cat; fi; } | "$ipt-restore" &&
      say "removed the workshop's $ipt rules"
  fi
done

# 6. Kernel settings, as chapter 7 recorded them before the kubelet ran.
if [ -f "$WORKSPACE/sysctl-before.conf" ]; then
  sysctl -q -p "$WORKSPACE/sysctl-before.conf" && say "restored kernel settings from sysctl-before.conf"
fi

# 7. Per-boot state and empty folders left in fixed places; empty cgroups.
rm -rf /run/demystify
rm -f /var/lib/kubelet/device-plugins/kubelet.sock
if [ -d /var/log/containers ]; then find /var/log/containers -maxdepth 1 -type l -lname "$WORKSPACE/*" -delete; fi
for d in /var/lib/kubelet/device-plugins /var/lib/kubelet /var/log/containers /var/lib/cni/results \
  /var/lib/cni /run/containerd/runc/k8s.io /run/containerd/runc /run/containerd/fifo /run/containerd/s \
  /run/containerd /run/netns; do
  if [ -d "$d" ]; then rmdir --ignore-fail-on-non-empty "$d"; fi
done
find /sys/fs/cgroup -depth -type d \( -name kubepods -o -path '*/kubepods/*' -o -name k8s.io -o -path '*/k8s.io/*' \) \
  -exec rmdir {} \; 2>/dev/null
say "teardown-node: done"
