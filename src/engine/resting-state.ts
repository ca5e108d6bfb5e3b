// A chapter at rest, as no running controller has it yet: the cursor after
// the steps already passed, nothing busy, no hint shown. What the start-up
// screen, the player and tests draw before (or without) a controller. A file
// of its own so that the start-up screen does not load the controller.
import type { Chapter } from '../lesson/model.js';
import type { ControllerState } from './controller.js';
import { initialState } from './step-status.js';

export function restingState(
  chapter: Chapter,
  chapterIndex: number,
  passed: readonly string[] = [],
): ControllerState {
  const run = initialState(chapter, passed);
  return {
    chapterIndex,
    chapter,
    run,
    current: chapter.steps[run.cursor],
    busy: false,
    hintsShown: 0,
    notice: undefined,
    reaching: undefined,
  };
}
