// SIGTERM in the middle of the node chapters (Pods running, kube-proxy's rules
// written): every component stops, the root helper takes node-0 down (its
// processes, mounts, network namespace, the node network and its cgroups),
// and the host is exactly as it was before the run.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostDiff, hostSnapshot } from '../helpers/host-state.js';

describe('stopping the workshop in the middle', () => {
  it('leaves no component, container, mount, interface, rule or cgroup behind', async () => {
    if (!fs.existsSync('dist/cli.js'))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-abort-'));
    const workspace = path.join(home, 'ws');
    const before = hostSnapshot();
    const run = execa('node', ['dist/cli.js', 'test'], {
      env: { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1', DEMYSTIFY_WORKSPACE: workspace },
      reject: false,
      all: true,
      timeout: 300_000,
      // A user's SIGTERM comes alone: execa would add a SIGKILL after 5 s,
      // sooner than a loaded machine's teardown ends (seen on the Node 26 run).
      forceKillAfterDelay: false,
    });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      run.all?.on('data', (d: Buffer) => {
        log += d.toString();
        // Pods run and kube-proxy's rules are written once its chapter's check on the Service passed.
        if (/kube-proxy — [\s\S]*✓ 11 /.test(log)) resolve();
      });
      void run.then(() => reject(new Error(`the workshop ended before kube-proxy ran:\n${log}`)));
    });
    const during = hostSnapshot();
    // Something of the node was on the host meanwhile: its end of the node network.
    expect(hostDiff(before, during).join('\n')).toMatch(/links/);
    run.kill('SIGTERM');
    const res = await run;
    expect(res.exitCode).toBe(143);
    expect(hostDiff(before, hostSnapshot())).toEqual([]);
    const left = await execa('bash', ['-c', `ps -eo args | grep -F "${workspace}" | grep -v grep`], {
      reject: false,
    });
    expect(left.stdout).toBe('');
  });
});
