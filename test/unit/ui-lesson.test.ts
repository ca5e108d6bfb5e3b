import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../src/engine/step-status.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Chapter } from '../../src/lesson/model.js';
import { autoScrollTop, composeLesson, wrapWords } from '../../src/ui/lesson-text.js';
import { makeTheme, stripColour } from '../../src/ui/theme.js';

let chapter: Chapter;
beforeAll(async () => {
  chapter = (await loadWorkshop('test/fixtures/workshop-basic')).workshop.chapters[0]!;
});

const plain = (lines: readonly string[]) => lines.map((l) => stripVTControlCharacters(l));

describe('the lesson view', () => {
  it('marks the current step and its explanation, and shows each step’s outcome', () => {
    let run = initialState(chapter);
    run = reduce(run, { type: 'passed', stepId: chapter.steps[0]!.id, ms: 3 });
    run = reduce(run, {
      type: 'failed',
      stepId: chapter.steps[1]!.id,
      ms: 3,
      reason: 'the command exited with status 1',
    });
    const view = composeLesson({
      chapter,
      chapterIndex: 0,
      run,
      hintsShown: 1,
      width: 60,
      theme: makeTheme(false),
    });
    const lines = plain(view.lines);
    expect(lines).toContain('  ✓ Step 1/5 · run in the shell');
    const focused = lines.slice(view.focusStart, view.focusEnd + 1);
    expect(focused[0]).toBe('▌ The variable survived, and so did the working directory.');
    expect(focused).toContain('▌ ✗ Step 2/5 · run in the shell');
    expect(focused).toContain('▌   ✗ the command exited with status 1');
    expect(focused).toContain('▌   Hint 1:');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
  });

  it('scrolls to the current step, its title first when it is too long to fit', () => {
    const view = {
      lines: Array.from({ length: 100 }, () => ''),
      focusStart: 40,
      stepStart: 50,
      focusEnd: 55,
    };
    expect(autoScrollTop(view, 30)).toBe(39);
    expect(autoScrollTop(view, 10)).toBe(47);
    expect(autoScrollTop(view, 4)).toBe(50);
    expect(autoScrollTop({ ...view, focusStart: 95, stepStart: 96, focusEnd: 99 }, 30)).toBe(70);
  });

  it('wraps sentences at spaces and drops only colours for NO_COLOR', () => {
    expect(wrapWords('one two three four five', 9)).toEqual(['one two', 'three', 'four five']);
    expect(stripColour('\x1b[1;31mx\x1b[0m \x1b[38;5;200;4my\x1b[39m')).toBe('\x1b[1mx\x1b[0m \x1b[4my');
  });
});
