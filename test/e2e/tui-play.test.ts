// @module-tag isolated (no fixed port, no node network, no host state)
// A recording made headless (`demystify test --record`) played in the UI, in
// a real terminal (tmux): the shell pane shows the recorded output, playback
// stops at each step marker until space, and arrows jump between markers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';

const LESSONS = 'test/fixtures/workshop-basic';
let home = '';
let rec = '';
let open: TuiSession[] = [];

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-play-'));
  rec = path.join(home, 'rec');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const x of ['STATE', 'CACHE', 'DATA']) env[`XDG_${x}_HOME`] = path.join(home, x.toLowerCase());
  execFileSync(
    'node',
    ['dist/cli.js', '--lessons', LESSONS, '--workspace', path.join(home, 'ws'), 'test', '--record', rec],
    { env },
  );
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

afterEach(() => {
  for (const s of open) s.stop();
  open = [];
});

describe('playing a recording in the UI', () => {
  it('replays the shell pane, pausing at each step marker, with the lesson text', async () => {
    const ui = TuiSession.start({ lessons: LESSONS, args: ['play', path.join(rec, 'shell-basics')] });
    open.push(ui);
    // Paused at the first marker, before anything ran; the lesson text of the recorded chapter beside it.
    await ui.waitFor(
      (s) => /⏸ paused at step 1\/5: export GREETING=hello/.test(s) && s.includes('Chapter 0 · Shell basics'),
    );
    expect(ui.screen()).toMatch(/1 shell · recorded/);
    expect(ui.screen()).not.toContain('No such file or directory');
    ui.keys('Space');
    await ui.waitFor(/⏸ paused at step 2\/5/);
    await ui.waitFor(/│demystify:ws# export GREETING=hello/);
    // Right jumps to the next marker: what ran before it is on screen.
    ui.keys('Right', 'Right');
    await ui.waitFor(/⏸ paused at step 4\/5/);
    ui.keys('Space');
    await ui.waitFor(
      (s) =>
        /⏸ paused at step 5\/5/.test(s) &&
        /│cat: configs\/does-not-exist\.ini: No such file or directory/.test(s),
    );
    ui.keys('Left');
    await ui.waitFor(/⏸ paused at step 4\/5/);
    await ui.waitFor((s) => !s.includes('No such file or directory'));
    ui.keys('Space');
    await ui.waitFor(/⏸ paused at step 5\/5/);
    ui.keys('Space');
    await ui.waitFor(/■ end of the recording/);
    ui.keys('q');
    await ui.waitFor(/DEMYSTIFY EXITED 0/);
  });
});
