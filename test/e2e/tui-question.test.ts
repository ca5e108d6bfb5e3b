// A question in the workshop UI, in a real terminal (tmux): the run key
// (Enter) opens the answer line and an empty answer does not pass it, nor
// does the next key; a wrong answer typed in the learner's shell is refused;
// the worked answer shows in the lesson only after that try; the right
// value, read off the shell's own output and typed on the answer line,
// passes it. A fixture of plain shell commands (no Kubernetes).
import { afterEach, describe, expect, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';

let ui: TuiSession | undefined;
afterEach(() => {
  ui?.stop();
  ui = undefined;
});

describe('a question in the workshop UI', () => {
  it('is not passed by Enter or n, refuses a wrong answer from the shell, and passes on the right one on the answer line', async () => {
    ui = TuiSession.start({ lessons: 'test/fixtures/ui/workshop-question' });
    await ui.waitFor(/Step 1\/3/);
    ui.keys('Enter');
    await ui.waitFor(/◐ Step 2\/3 · question/);
    // The lesson shows the question, never its commands.
    expect(ui.screen()).toMatch(/Which number is in the file called secret\?/);
    expect(ui.screen()).not.toMatch(/cat "\$WORKSPACE\/secret"|cat secret/);
    // Enter on the question opens the answer line: an empty answer gives nothing, Escape closes it.
    ui.keys('Enter');
    await ui.waitFor(/your answer: ▏/);
    ui.keys('Enter');
    ui.keys('Escape');
    await ui.waitFor(/waiting for your answer \(in the shell: answer VALUE\) — r to answer here/);
    // n on the question: refused with a sentence, the question still waits.
    ui.keys('n');
    await ui.waitFor(/a question is answered, not run or skipped/);
    expect(ui.screen()).toMatch(/◐ Step 2\/3 · question/);
    // The worked answer is not offered before a try.
    ui.keys('h');
    await ui.waitFor(/the worked answer shows after a first wrong try/);
    // In the shell: read the number off real output, answer wrong first, then right.
    ui.keys('Tab');
    ui.type('cat secret');
    ui.keys('Enter');
    const screen = await ui.waitFor(/│(\d{4})\s*$/m);
    const secret = /│(\d{4})\s*$/m.exec(screen)![1]!;
    const wrong = String(Number(secret) + 1);
    ui.type(`answer ${wrong}`);
    ui.keys('Enter');
    await ui.waitFor(new RegExp(`${wrong} is not it`));
    expect(ui.screen()).toMatch(/◐ Step 2\/3 · question/);
    ui.keys('C-g', 'h');
    await ui.waitFor(/the worked answer: run `cat secret`/);
    expect(ui.screen()).toMatch(/The worked answer: run this and read the value off its output/);
    // From the shell pane, the prefix and the run key open the answer line; the value typed there passes.
    ui.keys('C-g', 'r');
    await ui.waitFor(/your answer: ▏/);
    ui.type(secret);
    ui.keys('Enter');
    await ui.waitFor((s) => /✓ Step 2\/3 · question/.test(s) && /▶ Step 3\/3: /.test(s));
  });
});
