// A learner at the keyboard: `demystify present cni` as an ordinary user
// whose sudo wants a password, in a real terminal (tmux). Reaching the start
// of the CNI chapter replays the chapters before it; the first one that
// needs root makes demystify ask for the password on its own screen, once.
// The cluster comes up to the kubelet, every component running, and the
// password shows up nowhere: not on the screen, not in the state folder or the
// workspace, not in what the presenter socket said to a notes terminal.
import { execaSync } from 'execa';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';
import { filesContaining, prepareLearner, type Learner } from '../helpers/learner.js';

let learner: Learner;
let tui: TuiSession | undefined;

beforeAll(() => {
  learner = prepareLearner();
});

afterAll(() => tui?.stop());

/** Every line the presenter socket sends, kept until the test reads it. */
function listen(socket: string): { lines: () => string; close: () => void } {
  let text = '';
  let conn: net.Socket | undefined;
  const timer = setInterval(() => {
    if (conn || !fs.existsSync(socket)) return;
    conn = net.connect(socket);
    conn.on('data', (d) => (text += d.toString()));
    conn.on('error', () => (conn = undefined));
  }, 200);
  return {
    lines: () => text,
    close: () => {
      clearInterval(timer);
      conn?.destroy();
    },
  };
}

describe('the password, asked once by demystify itself', () => {
  it("is typed into demystify's prompt, and the cluster reaches the kubelet with every component started", async () => {
    const lessons = path.join(path.dirname(learner.cli), '..', 'lessons');
    tui = TuiSession.start({ lessons, learner, args: ['present', 'cni'], cols: 160, rows: 45 });
    const socket = path.join(tui.home, 'state', 'demystify', 'present.sock');
    const notes = listen(socket);
    try {
      // The fast-forward runs up to containerd, whose node needs root: demystify's own prompt.
      const asked = await tui.waitFor(/sudo\] password for/, 240_000);
      expect(asked).toMatch(/containerd and runc .* needs root/);
      tui.type(learner.password);
      tui.keys('Enter');
      // At the start of the CNI chapter, with the kubelet (and everything before it) running.
      const screen = await tui.waitFor(
        (s) => /Chapter 8/.test(s) || /CNI — the pod network/.test(s),
        240_000,
      );
      expect(screen).not.toContain(learner.password);
      const ps = execaSync('ps', ['-u', learner.user, '-o', 'args']).stdout;
      for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
        expect(ps).toContain(c);
      const root = execaSync('ps', ['-eo', 'args']).stdout;
      expect(root).toMatch(/containerd --config/);
      expect(root).toMatch(/kubelet .*--node-ip/);
      expect(tui.screen().split('sudo] password for').length - 1).toBeLessThanOrEqual(1);
      // Nowhere: what the presenter socket said, the state folder, the workspace.
      expect(notes.lines().length).toBeGreaterThan(0);
      expect(notes.lines()).not.toContain(learner.password);
      expect(filesContaining(tui.home, learner.password)).toEqual([]);
    } finally {
      notes.close();
    }
    // Quitting takes everything down, the node included.
    tui.keys('q');
    await tui.waitFor(/quit|stop/i, 10_000).catch(() => undefined);
    tui.keys('y');
    await tui.waitFor(/DEMYSTIFY EXITED 0/, 60_000);
    expect(execaSync('pgrep', ['-u', learner.user, '-f', 'kube-|etcd'], { reject: false }).stdout).toBe('');
    expect(
      execaSync('bash', ['-c', 'ps -eo args | grep -E "[a]gent-main.js|[h]elper-main.js" || true']).stdout,
    ).toBe('');
  });
});
