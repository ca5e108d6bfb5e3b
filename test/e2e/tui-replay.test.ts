// @module-tag isolated (no fixed port, no node network, no host state)
// Jumps through checkpoints in the UI, in a real terminal (tmux): entering a
// chapter after finishing the ones before it saves its checkpoint, and
// `demystify replay <chapter>` on a terminal restores it and opens the UI
// there. Fixture workshop only (no Kubernetes, no fixed ports).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';

const LESSONS = 'test/fixtures/workshop-basic';
let open: TuiSession[] = [];

afterEach(() => {
  for (const s of open) s.stop();
  open = [];
});

function checkpointOf(home: string, chapter: string): string | undefined {
  const root = path.join(home, 'state', 'demystify', 'checkpoints');
  for (const ws of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const file = path.join(root, ws, chapter, 'checkpoint.json');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

describe('chapter starts through checkpoints', () => {
  it('saves a checkpoint on entering a chapter after the earlier ones, and replay opens the UI there', async () => {
    const first = TuiSession.start({ lessons: LESSONS });
    open.push(first);
    await first.waitFor(/Step 1\/5: r to run it/);
    for (const n of [2, 3, 4]) {
      first.keys('r');
      await first.waitFor(new RegExp(`Step ${n}/5: r to run it`));
    }
    first.keys('r');
    await first.waitFor(/Chapter done/);
    expect(checkpointOf(first.home, 'panes')).toBeUndefined();
    first.keys('n');
    await first.waitFor(/Chapter 1 · A long-running component/);
    await first.waitFor(() => checkpointOf(first.home, 'panes') !== undefined);
    first.keys('q');
    await first.waitFor(/DEMYSTIFY EXITED 0/);
    first.stop(true);
    open = [];

    const replay = TuiSession.start({ lessons: LESSONS, home: first.home, args: ['replay', 'panes'] });
    open.push(replay);
    await replay.waitFor(/Chapter 1 · A long-running component/);
    await replay.waitFor(/Step 1\/3: r to run it/);
    // Restored, not fast-forwarded: the shell never ran chapter 0's commands in this session.
    expect(replay.screen()).not.toContain('export GREETING=hello');
    replay.keys('r');
    await replay.waitFor(/2 ticker · ● running/);
    // The check of the restored workspace passes (configs/app.ini came back from the checkpoint).
    await replay.waitFor(/Step 3\/3: r to run it/);
    replay.keys('r');
    await replay.waitFor(/Chapter done/);
    replay.keys('q');
    await replay.waitFor(/DEMYSTIFY EXITED 0/);
  });
});
