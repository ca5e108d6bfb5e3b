// The lesson area's other views as text: the progress of reaching a chapter's
// start, and the presenter's calm view of one step.
import { beforeAll, describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../src/engine/step-status.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { presenterView, reachView } from '../../src/ui/stage-views.js';
import { makeTheme } from '../../src/ui/theme.js';

const theme = makeTheme(false);
const plain = (lines: readonly string[]): string => lines.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
let workshop: Workshop;
beforeAll(async () => {
  workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
});

describe('stage views', () => {
  it('shows a jump’s progress line by line, following the newest, and why it stopped', () => {
    const r = {
      target: 'panes',
      lines: ['restoring the checkpoint of panes', '  ✓ files  3 workspace files put back  2 ms'],
      failed: undefined,
    };
    const v = reachView(r, 'A long-running component', 60, theme);
    expect(plain(v.lines)).toContain('Reaching the start of A long-running component');
    expect(plain(v.lines)).toContain('✓ files  3 workspace files put back');
    expect(v.focusStart).toBe(v.lines.length - 1);
    const failed = reachView(
      { ...r, failed: 'fast-forwarding stopped in shell-basics at step 2' },
      'x',
      60,
      theme,
    );
    expect(plain(failed.lines)).toMatch(/✗ fast-forwarding stopped in shell-basics at step 2/);
  });

  it('shows the presenter only the current step: its explanation and its command, with margins', () => {
    const chapter = workshop.chapters[0]!;
    const run = reduce(initialState(chapter), { type: 'moved', cursor: 3 });
    const text = plain(presenterView({ chapter, chapterIndex: 0, run, width: 80, theme }).lines);
    expect(text).toContain('    Chapter 0 · Shell basics');
    expect(text).toMatch(/Step 4 of 5/);
    expect(text).toContain('Commands that are meant to fail must fail');
    expect(text).toContain('      cat configs/does-not-exist.ini');
    // Nothing of the other steps, and never the presenter notes.
    expect(text).not.toContain('export GREETING');
    expect(text).not.toContain('OSC 133');
  });
});
