// What a dead session can leave, undone (root side). A session's nodes die
// with its helper, so normally only empty cgroup folders remain; if a process
// somehow outlived it in those cgroups, it is killed first. The host's end
// of the node network goes with the network's namespace, but is removed here
// too in case something still holds that namespace open.
import { spawnSync } from 'node:child_process';
import { membersOf, pidsIn, removeTree, type CgroupLayout } from './cgroups.js';
import { cgroupTop } from './plan.js';
import { signalIfSame } from './process-identity.js';

export async function repairLeftovers(
  layout: CgroupLayout,
  tag: string,
  hostLink: string,
): Promise<string[]> {
  const removed: string[] = [];
  const top = cgroupTop(tag);
  const stray = membersOf(layout, top);
  for (const id of stray) signalIfSame(id, 'SIGKILL');
  if (stray.length) removed.push(`${stray.length} processes left in the nodes' cgroups`);
  if (/^dmy[0-9a-f]{6}$/.test(hostLink)) {
    const del = spawnSync('ip', ['link', 'delete', hostLink], { encoding: 'utf8' });
    if (del.status === 0) removed.push(`interface ${hostLink}`);
  }
  let folders = 0;
  for (let attempt = 0; attempt < 30; attempt++) {
    folders += removeTree(layout, top).length;
    if (pidsIn(layout, top).length === 0 && removeTree(layout, top).length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (folders) removed.push(`${folders} cgroup folders`);
  return removed;
}
