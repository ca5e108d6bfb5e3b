// @module-tag isolated (no fixed port, no node network, no host state)
// Presenter mode end to end in real terminals (tmux): `present` in one, and
// `present --notes` in another connected over the state folder's socket. The
// notes follow the main screen, and keys in the notes drive it. Fixture
// workshop only (no Kubernetes, no fixed ports).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';

const LESSONS = 'test/fixtures/workshop-basic';
let open: TuiSession[] = [];

afterEach(() => {
  // The notes share the presenter's home: stop them first, then the presenter removes it.
  for (const s of open.reverse()) s.stop(s !== open.at(-1));
  open = [];
});

describe('presenter mode', () => {
  it('shows notes and the next step in a second terminal, follows the main screen and drives it', async () => {
    const main = TuiSession.start({ lessons: LESSONS, args: ['present', '--typing', '5'] });
    open.push(main);
    await main.waitFor(/Step 1 of 5/);
    // Calm chrome: no chapter list, one footer line with the typing speed.
    expect(main.screen()).not.toContain('Chapters');
    await main.waitFor(/typing 5 ms\/char/);
    const socket = path.join(main.home, 'state', 'demystify', 'present.sock');
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);

    const notes = TuiSession.start({
      lessons: LESSONS,
      args: ['present', '--notes'],
      home: main.home,
      cols: 100,
      rows: 40,
    });
    open.push(notes);
    await notes.waitFor(
      (s) => /NOW\nStep 1\/5/.test(s) && /NEXT\nStep 2\/5 · test "\$GREETING" = hello/.test(s),
    );

    // The main screen runs a step: the notes follow.
    main.keys('r');
    await main.waitFor(/Step 2 of 5/);
    await notes.waitFor(
      (s) => /NOW\nStep 2\/5/.test(s) && /NEXT\nStep 3\/5 · write configs\/app\.ini/.test(s),
    );
    // Step 3 carries a presenter note (<!-- notes: ... -->), shown as the next step's and then the current one's.
    await notes.waitFor(/OSC 133 marker trick/);
    expect(main.screen()).not.toContain('OSC 133');

    // A key in the notes terminal drives the main screen: run the step, then skip one.
    notes.keys('r');
    await main.waitFor(/Step 3 of 5/);
    await main.waitFor((s) => /│demystify:ws# test "\$GREETING" = hello/.test(s));
    notes.keys('n');
    await main.waitFor(/Step 4 of 5/);
    await notes.waitFor(/NOW\nStep 4\/5 · cat configs\/does-not-exist\.ini/);

    // The typing speed changes from the keyboard and shows in both.
    main.keys('+');
    await main.waitFor(/typing 5 ms\/char/);
    main.keys('-', '-');
    await main.waitFor(/typing 20 ms\/char/);
    await notes.waitFor(/typing 20 ms\/char/);

    // A jump from the notes reaches the chapter's start (fast-forward), the cluster intact: its check passes.
    notes.keys('1');
    await main.waitFor(/Chapter 1 · A long-running component/);
    await notes.waitFor(/Chapter 1\/1 · A long-running component/);
    main.keys('r');
    await notes.waitFor(/ticker: running/);
    await main.waitFor(/Step 3 of 3/);

    notes.keys('q');
    await notes.waitFor(/DEMYSTIFY EXITED 0/);
    main.keys('q');
    await main.waitFor(/Quit\? This stops ticker/);
    main.keys('y');
    await main.waitFor(/DEMYSTIFY EXITED 0/);
    expect(fs.existsSync(socket)).toBe(false);
  });
});
