// The cgroups a node lives in (root side). Each node gets one cgroup of its
// own in every hierarchy, under demystify-<tag>/; the node sees it as its
// root (a cgroup namespace), so the kubelet's kubepods and containerd's
// cgroups land below it and nowhere else. Cgroup folders outlive the
// processes in them, so they are the one thing of a node the kernel does not
// take away by itself: removeTree() does, deepest first.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { identityOf, type ProcessIdentity } from './process-identity.js';

export interface CgroupLayout {
  readonly version: 1 | 2;
  /** Mount points of the hierarchies demystify uses (v1: one per controller set; v2: one). */
  readonly mounts: readonly string[];
}

/** Reads /proc/self/mountinfo: the cgroup v1 hierarchies, or the single v2 one. */
export function cgroupLayout(mountinfo: string = readFileSync('/proc/self/mountinfo', 'utf8')): CgroupLayout {
  const v1: string[] = [];
  let v2: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const mountPoint = line.split(' ')[4] ?? '';
    const fsType = line.slice(sep + 3).split(' ')[0];
    if (fsType === 'cgroup') v1.push(mountPoint);
    else if (fsType === 'cgroup2') v2 ??= mountPoint;
  }
  // A hybrid host (v1 controllers plus an empty v2 tree for systemd) is a v1 host for containers.
  if (v1.length) return { version: 1, mounts: v1 };
  if (v2) return { version: 2, mounts: [v2] };
  throw new Error('this machine has no cgroup filesystem mounted: containers cannot run here');
}

/**
 * Makes `<mount>/<relative>` in every hierarchy and returns the cgroup.procs
 * files a process writes its pid into to join them all.
 */
export function makeNodeCgroups(layout: CgroupLayout, relative: string): string[] {
  assertOurs(relative);
  const procs: string[] = [];
  for (const mount of layout.mounts) {
    let dir = mount;
    for (const part of relative.split('/')) {
      const parent = dir;
      dir = path.join(dir, part);
      if (!existsSync(dir)) mkdirSync(dir);
      if (layout.version === 1) inheritCpuset(parent, dir);
      else enableControllers(parent);
    }
    procs.push(path.join(dir, 'cgroup.procs'));
  }
  return procs;
}

/** v1 cpuset: a new cgroup starts with no CPUs and no memory nodes, and refuses processes until given some. */
function inheritCpuset(parent: string, dir: string): void {
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    const target = path.join(dir, file);
    if (!existsSync(target)) return;
    if (readFileSync(target, 'utf8').trim()) continue;
    writeFileSync(target, readFileSync(path.join(parent, file), 'utf8').trim());
  }
}

/** v2: the controllers a parent offers reach its children only once enabled in its subtree_control. */
function enableControllers(parent: string): void {
  const available = readFileSync(path.join(parent, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
  const enabled = new Set(
    readFileSync(path.join(parent, 'cgroup.subtree_control'), 'utf8').trim().split(/\s+/),
  );
  for (const c of available) {
    if (!c || enabled.has(c)) continue;
    try {
      writeFileSync(path.join(parent, 'cgroup.subtree_control'), `+${c}`);
    } catch {
      // Some controllers cannot be delegated here (e.g. cpuset with processes in the parent); the node does without.
    }
  }
}

/** Only ever a demystify-<tag>/... folder: an empty or odd path here would reach the whole machine. */
export function assertOurs(relative: string): void {
  if (!/^demystify-[0-9a-f]{6}(\/[a-z0-9-]+)?$/.test(relative))
    throw new Error(`refusing to touch cgroup "${relative}": not one of demystify's`);
}

/** Pids still in any cgroup below `relative`. */
export function pidsIn(layout: CgroupLayout, relative: string): number[] {
  assertOurs(relative);
  const pids = new Set<number>();
  for (const mount of layout.mounts) for (const pid of procsBelow(path.join(mount, relative))) pids.add(pid);
  return [...pids];
}

/**
 * The processes below `relative`, each named with its start time and found in
 * the tree again after that was read: a pid reused between the reading of
 * cgroup.procs and the signal is then not ours, and signalIfSame leaves it.
 */
export function membersOf(layout: CgroupLayout, relative: string): ProcessIdentity[] {
  const out: ProcessIdentity[] = [];
  for (const pid of pidsIn(layout, relative)) {
    const id = identityOf(pid);
    if (id && inCgroup(pid, relative)) out.push(id);
  }
  return out;
}

function inCgroup(pid: number, relative: string): boolean {
  try {
    // "<id>:<controllers>:/demystify-<tag>/node-0/..." for each hierarchy, as the host sees it.
    return readFileSync(`/proc/${pid}/cgroup`, 'utf8')
      .split('\n')
      .some((l) => {
        const p = l.slice(l.indexOf(':', l.indexOf(':') + 1) + 1);
        return p === `/${relative}` || p.startsWith(`/${relative}/`);
      });
  } catch {
    return false;
  }
}

/** Pids in the cgroup folder `top` and every folder below it (any hierarchy, no layout needed). */
export function procsBelow(top: string): number[] {
  const pids: number[] = [];
  for (const dir of treeOf(top)) {
    try {
      for (const p of readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n'))
        if (p.trim()) pids.push(Number(p));
    } catch {
      // Removed while we looked.
    }
  }
  return pids;
}

/** Removes every (empty) cgroup below and including `relative`, deepest first; returns what it removed. */
export function removeTree(layout: CgroupLayout, relative: string): string[] {
  assertOurs(relative);
  const removed: string[] = [];
  for (const mount of layout.mounts) {
    for (const dir of treeOf(path.join(mount, relative)).reverse()) {
      try {
        rmdirSync(dir);
        removed.push(dir);
      } catch {
        // Still has processes (they are being killed) or is already gone; the caller retries.
      }
    }
  }
  return removed;
}

/** The folder and every sub-folder, parents before children. */
function treeOf(top: string): string[] {
  if (!existsSync(top)) return [];
  const out: string[] = [top];
  for (let i = 0; i < out.length; i++) {
    let entries;
    try {
      entries = readdirSync(out[i]!, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) if (e.isDirectory()) out.push(path.join(out[i]!, e.name));
  }
  return out;
}
