// @module-tag isolated (no fixed port, no node network, no host state)
// The UI end to end in a real terminal (tmux): the learner's flow, the panes,
// quitting. Fixture workshops only (no Kubernetes). Assertions wait for the
// screen to show something, never for a time.
import { afterEach, describe, expect, it } from 'vitest';
import { alive, describe as describeProcess, descendants, TuiSession } from '../fixtures/ui/tmux-session.js';

const LESSONS = 'test/fixtures/ui/workshop-tui';
let open: TuiSession[] = [];
const start = (opts: Partial<Parameters<typeof TuiSession.start>[0]> = {}): TuiSession => {
  const s = TuiSession.start({ lessons: LESSONS, ...opts });
  open.push(s);
  return s;
};

afterEach(() => {
  for (const s of open) s.stop();
  open = [];
});

describe('the workshop UI in a terminal', () => {
  it('runs steps in the shell pane, shows a component’s output and a failing check’s reason, and stops everything on quit', async () => {
    const ui = start();
    await ui.waitFor(/Step 1\/3: r to run it/);
    ui.keys('r');
    // The command is typed visibly into the shell, and its output shows there.
    await ui.waitFor((s) => s.includes('echo "marker-$((6 * 7))"') && /^.*│marker-42\s*$/m.test(s));
    await ui.waitFor(/Step 2\/3: r to run it/);
    ui.keys('r');
    await ui.waitFor((s) => /2 beeper · ● running · pid \d+/.test(s) && /│beep 2\b/.test(s));
    // The check starts by itself, waits, then fails with the lesson's reason.
    await ui.waitFor(
      (s) => s.includes('✗ Step 3/3 failed:') && s.includes('nothing writes never-written.txt'),
    );
    ui.keys('h');
    await ui.waitFor(/Create the file yourself/);
    // Do it by hand in the shell; the check gates either way.
    ui.keys('Tab');
    await ui.waitFor(/Ctrl-g then:/);
    ui.type('touch never-written.txt');
    ui.keys('Enter', 'C-g', 'r');
    await ui.waitFor(/Chapter done/);

    const pid = ui.pid();
    const family = descendants(pid);
    expect(family.length).toBeGreaterThanOrEqual(2); // the shell and the beeper, at least
    ui.keys('C-g', 'q');
    await ui.waitFor(/Quit\? This stops beeper/);
    ui.keys('y');
    await ui.waitFor(/DEMYSTIFY EXITED 0/);
    expect(family.filter(alive).map(describeProcess)).toEqual([]);
  });

  it('moves the focus, takes typing, zooms, survives resizes and scrolls back', async () => {
    const ui = start();
    await ui.waitFor(/Step 1\/3/);
    ui.keys('Tab');
    ui.type('echo typed-$((40 + 2))-by-hand');
    ui.keys('Enter');
    await ui.waitFor(/│typed-42-by-hand/);

    ui.keys('C-g', 'z');
    await ui.waitFor(
      (s) => s.split('\n')[0]!.includes('1 shell · your shell · zoomed') && !s.includes('Chapters'),
    );
    ui.keys('C-g', 'z');
    await ui.waitFor((s) => s.split('\n')[0]!.includes('Chapters'));

    ui.resize(80, 24);
    await ui.waitFor(
      (s) => /1 shell/.test(s) && !s.includes('Chapters') && s.split('\n').every((l) => [...l].length <= 80),
    );
    ui.resize(160, 45);
    await ui.waitFor((s) => s.split('\n')[0]!.includes('Chapters') && s.includes('typed-42-by-hand'));

    ui.type('seq 1 300');
    ui.keys('Enter');
    await ui.waitFor(/│300\s*$/m);
    ui.keys('C-g', '[');
    ui.type('/123');
    ui.keys('Enter');
    await ui.waitFor((s) => /copy mode · \d+ lines back · \/123/.test(s) && /│123\s*$/m.test(s));
    ui.keys('q');
    await ui.waitFor((s) => !s.includes('copy mode'));

    // A chapter whose components are not running: its start is reached by fast-forwarding the
    // chapters before it from an empty workspace, step by step in the lesson area. Here that
    // stops at the first chapter's check, which nothing satisfies, and the UI says why.
    ui.keys('C-g', '0', 'c', 'Down', 'Enter');
    // Rebuilding the cluster replaces the learner's workspace: the UI asks first.
    await ui.waitFor(/needs beeper running\. Rebuild the cluster at its start\?/);
    ui.keys('y');
    await ui.waitFor(
      (s) => s.includes('Reaching the start of Needs the beeper') && /✓.*echo "marker/.test(s),
    );
    await ui.waitFor(/✗ fast-forwarding stopped in flow at step 3/);
    await ui.waitFor(/could not reach the start of needs/);
    ui.keys('q');
    await ui.waitFor(/Quit\? This stops beeper/);
    ui.keys('y');
    await ui.waitFor(/DEMYSTIFY EXITED 0/);
  });

  it('resumes progress after a restart, and honours NO_COLOR', async () => {
    const first = start({ env: { NO_COLOR: '1' } });
    await first.waitFor(/Step 1\/3/);
    // Colour-free chrome (left of the panes): bold, dim and reverse video only.
    const chrome = first
      .screen(true)
      .split('\n')
      .map((l) => l.split('│')[0]);
    expect(chrome.join('\n')).not.toMatch(/\x1b\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7])[;m]/);
    first.keys('r');
    await first.waitFor(/Step 2\/3: r to run it/);
    first.keys('q');
    await first.waitFor(/DEMYSTIFY EXITED 0/);
    first.stop(true);
    open = [];
    const again = start({ home: first.home });
    await again.waitFor(/✓ Step 1\/3/);
    await again.waitFor(/Step 2\/3: r to run it/);
    again.keys('q');
    await again.waitFor(/DEMYSTIFY EXITED 0/);
  });

  it('shows authoring errors with file:line:col instead of crashing', async () => {
    const ui = start({ lessons: 'test/fixtures/lint-errors' });
    await ui.waitFor(/have \d+ problems:/);
    expect(ui.screen()).toMatch(
      /test\/fixtures\/lint-errors\/01-attributes\.md:6:18\n\s+unknown attribute "colour"/,
    );
    ui.keys('q');
    await ui.waitFor(/DEMYSTIFY EXITED 0/);
  });
});
