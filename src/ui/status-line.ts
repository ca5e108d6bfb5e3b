// The status line: what the current step is waiting for (live), whether it
// passed or why it failed, and what to do next. One line; the lesson view
// shows the full failure reason under the step.
import type { ControllerState } from '../engine/controller.js';
import { footerHints, keyFor, type ActionOf, type Context } from './key-bindings.js';
import type { Theme } from './theme.js';
import type { UiState } from './ui-state.js';

export interface StatusInput {
  readonly controller: ControllerState;
  readonly ui: UiState;
  /** Seconds the current step has been running or waiting. */
  readonly seconds: number | undefined;
  readonly hasNextChapter: boolean;
  readonly theme: Theme;
}

/** How a flow key reads where the focus is: "r" in the lesson, "Ctrl-g r" in a pane. */
function k(action: ActionOf<'main'>, ui: UiState): string {
  return keyFor('main', action, { prefixed: ui.focus !== 'lesson' });
}

/** "y yes  n no": a context's keys, as its footer has them. */
function keysOf(context: Context, theme: Theme): string {
  return footerHints(context)
    .map((h) => `${theme.bold(h.keys)} ${h.label}`)
    .join('  ');
}

export function statusText(s: StatusInput): string {
  const { controller: c, ui, theme } = s;
  if (ui.quitting) return theme.warn('Stopping every component…');
  if (ui.overlay.kind === 'confirm') return `${theme.warn(ui.overlay.question)}  ${keysOf('confirm', theme)}`;
  if (ui.copy?.search?.typing)
    return `${theme.accent('search:')} ${ui.copy.search.query}▏ ${theme.dim(keysOf('search', theme))}`;
  if (ui.message) return ui.message;
  if (c.notice) return theme.warn(c.notice);
  const step = c.current;
  if (!step) {
    return s.hasNextChapter
      ? theme.ok(`✓ Chapter done. ${k('next', ui)}: the next chapter · ${k('chapters', ui)}: pick a chapter`)
      : theme.ok(`✓ Chapter done: that was the last chapter. ${k('chapters', ui)}: pick a chapter`);
  }
  const status = c.run.steps[step.id];
  const n = c.run.cursor + 1;
  const of = c.run.stepIds.length;
  const time = s.seconds !== undefined && s.seconds >= 1 ? ` (${Math.floor(s.seconds)}s)` : '';
  switch (status?.kind) {
    case 'waiting':
      return theme.warn(
        `◐ Step ${n}/${of}: ${status.waiting}${status.progress ? ` — ${status.progress}` : ''}${time}`,
      );
    case 'running':
      return theme.warn(`◐ Step ${n}/${of} is running${status.detail ? `: ${status.detail}` : ''}${time}`);
    case 'failed': {
      const reason = status.reason.split('\n')[0] ?? '';
      const hint = step.hints.length > c.hintsShown ? `, ${k('hint', ui)} for a hint` : '';
      return `${theme.bad(`✗ Step ${n}/${of} failed: ${reason}`)} ${theme.dim(`— fix it and ${k('run', ui)} to try again${hint}`)}`;
    }
    case 'passed':
      return theme.ok(`✓ Step ${n}/${of} passed. ${k('next', ui)}: next step`);
    default: {
      if (step.kind === 'check') return theme.dim(`Step ${n}/${of}: a check, it starts by itself`);
      const byHand = step.kind === 'shell' ? `, or type it in the shell and ${k('next', ui)}` : '';
      return `${theme.accent(`▶ Step ${n}/${of}`)}: ${k('run', ui)} to run it${byHand}`;
    }
  }
}
