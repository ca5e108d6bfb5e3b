// A signal in the middle of the node chapters - SIGTERM (a `kill`), SIGHUP
// (the terminal closed), SIGINT (Ctrl-C) - with Pods running, and for two of
// them kube-proxy's rules written: every component stops, the root helper
// takes node-0 down (its processes, mounts, network namespace, the node
// network and its cgroups), and the host is exactly as it was before the run.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostDiff, hostSnapshot } from '../helpers/host-state.js';

/** Each signal, the point it comes at (a line of the run's log), and the exit status it ends with. */
const CASES = [
  // Pods run and kube-proxy's rules are written once its chapter's check on the Service passed.
  { signal: 'SIGTERM', at: /kube-proxy — [\s\S]*✓ service-answers /, where: 'kube-proxy', status: 143 },
  { signal: 'SIGHUP', at: /kube-proxy — [\s\S]*✓ service-answers /, where: 'kube-proxy', status: 129 },
  // Both Pods Running on the pod network, before any Service rule.
  { signal: 'SIGINT', at: /cni — [\s\S]*✓ pods-running /, where: 'cni', status: 130 },
] as const;

describe('stopping the workshop in the middle', () => {
  it.each(CASES)(
    '$signal during $where leaves no component, container, mount, interface, rule or cgroup behind',
    async (c) => {
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
        // A user's signal comes alone: execa would add a SIGKILL after 5 s,
        // sooner than a loaded machine's teardown ends (seen on the Node 26 run).
        forceKillAfterDelay: false,
      });
      let log = '';
      await new Promise<void>((resolve, reject) => {
        run.all?.on('data', (d: Buffer) => {
          log += d.toString();
          if (c.at.test(log)) resolve();
        });
        void run.then(() => reject(new Error(`the workshop ended before ${c.where} ran:\n${log}`)));
      });
      const during = hostSnapshot();
      // Something of the node was on the host meanwhile: its end of the node network.
      expect(hostDiff(before, during).join('\n')).toMatch(/links/);
      run.kill(c.signal);
      const res = await run;
      expect(res.exitCode, log).toBe(c.status);
      expect(hostDiff(before, hostSnapshot())).toEqual([]);
      const left = await execa('bash', ['-c', `ps -eo args | grep -F "${workspace}" | grep -v grep`], {
        reject: false,
      });
      expect(left.stdout).toBe('');
    },
  );
});
