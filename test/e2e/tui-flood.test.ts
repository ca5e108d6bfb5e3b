// @module-tag isolated (no fixed port, no node network, no host state)
// A pane flooded faster than anyone can read: the UI draws only what is on
// view when a frame is due (jump scroll), yet scrolling back still reaches
// every line. Fixture workshop only (no Kubernetes).
import { afterEach, describe, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';

let ui: TuiSession | undefined;
afterEach(() => {
  ui?.stop();
  ui = undefined;
});

describe('a flooded pane', () => {
  it('keeps every line for copy mode: the learner scrolls back and finds an early line by search', async () => {
    ui = TuiSession.start({ lessons: 'test/fixtures/ui/workshop-flood' });
    await ui.waitFor(/Step 1\/1: r to run it/);
    ui.keys('r');
    // The flood is over when its last line shows in the pane.
    await ui.waitFor((s) => /│flood-done\s*$/m.test(s) && /2 flood · ● running/.test(s));
    ui.keys('C-g', '2', 'C-g', '[');
    ui.type('/early-marker');
    ui.keys('Enter');
    // Found 4000 lines back, above everything the flood printed after it.
    // (The pane title ends with the search, cut short or not depending on the pid's width: not asserted.)
    await ui.waitFor(
      (s) => /│early-marker-42\s*$/m.test(s) && Number(/copy mode · (\d+) lines back/.exec(s)?.[1]) > 3900,
    );
    ui.keys('q');
    await ui.waitFor((s) => !s.includes('copy mode') && /│flood-done\s*$/m.test(s));
    ui.keys('C-g', 'q');
    await ui.waitFor(/Quit\? This stops flood/);
    ui.keys('y');
    await ui.waitFor(/DEMYSTIFY EXITED 0/);
  });
});
