// SIGTERM in the middle of the node chapters (pods running, kube-proxy rules
// written): every component stops, and the teardown script removes what they
// left on the host — container processes, mounts, network namespaces,
// bridges, iptables rules. Nothing of the workshop survives.
import { execa, execaSync } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sh = (cmd: string): string => execaSync('bash', ['-c', cmd], { reject: false }).stdout;

describe('stopping the workshop in the middle', () => {
  it('leaves no component, container, mount, bridge or rule behind', async () => {
    if (!fs.existsSync('dist/cli.js'))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-abort-'));
    const workspace = path.join(home, 'ws');
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
        // Pods are running and kube-proxy has written its rules by the second step of its chapter.
        if (/kube-proxy — [\s\S]*✓ 2 /.test(log)) resolve();
      });
      void run.then(() => reject(new Error(`the workshop ended before kube-proxy ran:\n${log}`)));
    });
    expect(sh('ip -o link show cni0 | wc -l')).toBe('1');
    run.kill('SIGTERM');
    const res = await run;
    expect(res.exitCode).toBe(143);
    expect(sh(`ps -eo args | grep -F "${workspace}" | grep -v grep`)).toBe('');
    expect(sh('pgrep -f "[c]ontainerd-shim-runc-v2 .*/run/demystify/containerd.sock" || true')).toBe('');
    expect(sh(`findmnt -r -n -o TARGET | grep -E "^(${workspace}/|/run/demystify/)" || true`)).toBe('');
    expect(sh('ip -o link show cni0 2>/dev/null; ip -o link show demystify-svc 2>/dev/null')).toBe('');
    expect(sh('iptables-save | grep -E "KUBE-|CNI-" || true')).toBe('');
    expect(fs.readFileSync(path.join(home, 'state', 'demystify', 'teardown.log'), 'utf8')).toMatch(
      /teardown-node\.sh \(exit 0\)/,
    );
  });
});
