// The first process of a node (PID 1 in its PID namespace), as a bash
// script. It gives the node what makes it a machine of its own, then starts
// the agent and waits, reaping orphans (containerd's shims end up here) until
// the agent ends; then PID 1 ends and the kernel takes every process of the
// node with it.
//
// - /run, /var/lib, /var/log and /tmp are fresh in-memory filesystems: what
//   the components write in fixed places - containerd's and the kubelet's
//   state, Pod network namespaces, logs, the CNI cache, anybody's temporary
//   files - lives and dies with the node, and the host's /tmp (other users'
//   files in it) is not the node's. Only the learner's own folders under /tmp
//   that the node's processes use (a workspace, the state folder, binaries:
//   NODE_KEEP, one per line, checked by the helper) are bound into the node's
//   /tmp at the same path. Root's home on the node is /run/root; /home stays
//   the host's, where workspaces live;
// - /sys is mounted again, so /sys/class/net shows the node's interfaces, and
//   the cgroup filesystems show the node's cgroup as their root;
// - the six kernel settings the kubelet tunes at start are global to the
//   machine, so the node gets its own copy of each (a file bind-mounted over
//   the /proc/sys entry): the kubelet writes there, the host keeps its values.
//
// (Written with @{ for bash's ${, which a template literal would take for its own.)
//
//   bash -c "$NODE_INIT" demystify-node <name> <node binary> <agent.js> <api socket> <uid> <cgroup version>
export const KUBELET_SYSCTLS = [
  'vm/overcommit_memory',
  'vm/panic_on_oom',
  'kernel/panic',
  'kernel/panic_on_oops',
  'kernel/keys/root_maxkeys',
  'kernel/keys/root_maxbytes',
] as const;

export const NODE_INIT = String.raw`
set -euo pipefail
name=$1 node_bin=$2 agent=$3 api=$4 uid=$5 cgv=$6

readarray -t keep <<<"@{NODE_KEEP:-}"
unset NODE_KEEP

mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=0755 tmpfs /var/lib
mount -t tmpfs -o mode=0755 tmpfs /var/log
# root's home on the node (the host's /root may hold the workspace, so it stays visible).
mkdir -m 0700 /run/root

# The node's own /tmp, with the learner's folders it needs bound in from the host's.
mkdir /run/demystify-host-tmp
mount --rbind /tmp /run/demystify-host-tmp
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
for dir in "@{keep[@]}"; do
  [ -n "$dir" ] || continue
  mkdir -p "$dir"
  mount --rbind "/run/demystify-host-tmp/@{dir#/tmp/}" "$dir"
done
umount -l /run/demystify-host-tmp
rmdir /run/demystify-host-tmp

# The host's cgroup hierarchies (type, mount point, options) and the links between
# them, read before /sys is replaced. Bash builtins only: a node should start fast.
layout=()
while read -r -a f; do
  for ((i = 6; i < @{#f[@]}; i++)); do [ "@{f[i]}" = - ] && break; done
  case "@{f[i+1]:-}" in cgroup | cgroup2) layout+=("@{f[i+1]} @{f[4]} @{f[i+3]}") ;; esac
done </proc/self/mountinfo
links=()
for l in /sys/fs/cgroup/*; do [ -L "$l" ] && links+=("@{l##*/} $(readlink "$l")"); done

mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
if [ "$cgv" = 2 ]; then
  mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
  # No process may sit in a cgroup whose controllers are handed down: PID 1 moves into a leaf.
  mkdir -p /sys/fs/cgroup/init.scope
  echo $$ >/sys/fs/cgroup/init.scope/cgroup.procs
  for c in $(</sys/fs/cgroup/cgroup.controllers); do echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true; done
else
  mount -t tmpfs -o mode=0755,nosuid,nodev,noexec cgroup /sys/fs/cgroup
  for entry in "@{layout[@]}"; do
    read -r type point opts <<<"$entry"
    mkdir -p "$point"
    if [ "$type" = cgroup2 ]; then mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$point"; continue; fi
    opts=@{opts#rw,}
    mount -t cgroup -o "nosuid,nodev,noexec,@{opts#ro,}" cgroup "$point"
  done
  for entry in "@{links[@]}"; do ln -s "@{entry#* }" "/sys/fs/cgroup/@{entry%% *}"; done
fi

mkdir -p /run/demystify/sysctl
for key in ${KUBELET_SYSCTLS.join(' ')}; do
  [ -e "/proc/sys/$key" ] || continue
  copy=/run/demystify/sysctl/@{key//\//.}
  echo "$(<"/proc/sys/$key")" >"$copy"
  mount --bind "$copy" "/proc/sys/$key"
done

hostname "$name"
ip link set lo up

"$node_bin" "$agent" "$api" "$uid" &
agent_pid=$!
# While bash waits it also reaps every other child that ends, orphans included.
wait "$agent_pid" || true
`.replaceAll('@{', '${');
