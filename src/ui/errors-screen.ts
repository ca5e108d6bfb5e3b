// Authoring errors in the app instead of a crash: every problem with its
// file:line:col and what to change, and a key to read the files again, so an
// author can fix the Markdown in another window and carry on.
import type { LessonIssue } from '../lesson/issues.js';
import type { Workshop } from '../lesson/model.js';
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import { parseKeys } from './keys.js';
import { wrapWords } from './lesson-text.js';
import { overlayFrame } from './overlay-frame.js';
import type { ScreenLoop } from './screen-loop.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme, type Theme } from './theme.js';

export type LoadAttempt =
  | { readonly ok: true; readonly workshop: Workshop }
  | {
      readonly ok: false;
      readonly dir: string;
      readonly issues: readonly LessonIssue[];
      readonly error?: string;
    };

export function errorLines(
  attempt: Extract<LoadAttempt, { ok: false }>,
  width: number,
  theme: Theme,
): string[] {
  const n = attempt.issues.length;
  const lines = [
    theme.bad(
      attempt.error
        ? `The lessons in ${attempt.dir} cannot be read:`
        : `The lessons in ${attempt.dir} have ${n} problem${n === 1 ? '' : 's'}:`,
    ),
    '',
  ];
  if (attempt.error) lines.push(...wrapWords(attempt.error, width - 2).map((l) => `  ${l}`), '');
  for (const i of attempt.issues) {
    lines.push(theme.bold(`${i.pos.file}:${i.pos.line}:${i.pos.column}`));
    lines.push(...wrapWords(i.message, width - 4).map((l) => `    ${l}`), '');
  }
  lines.push(
    theme.dim(
      `Fix the files, then press ${keyFor('errors', 'reload')} to read them again (demystify lint lists the same problems).`,
    ),
  );
  return lines;
}

/** Shows the problems until the lessons load (returns the workshop) or the learner quits (undefined). */
export function errorsScreen(
  loop: ScreenLoop,
  terminal: TerminalIO,
  color: boolean,
  first: Extract<LoadAttempt, { ok: false }>,
  reload: () => Promise<LoadAttempt>,
): Promise<Workshop | undefined> {
  const theme = makeTheme(color);
  let attempt = first;
  let scroll = 0;
  let status = '';
  return new Promise((resolve) => {
    let ended = false;
    const end = (workshop: Workshop | undefined): void => {
      ended = true;
      resolve(workshop);
    };
    loop.show({
      // A frame only after a key or a reload: painting the whole chrome each time costs nothing here.
      frame: () =>
        overlayFrame(terminal, theme, 'errors', (layout) => {
          const lines = errorLines(attempt, layout.cols, theme);
          scroll = Math.max(0, Math.min(scroll, lines.length - (layout.overlay?.h ?? 1)));
          return { lines: lines.slice(scroll), status };
        }),
      input: (chunk) => {
        for (const key of parseKeys(chunk)) if (!ended) dispatch('errors', key.name, keys);
        loop.request();
      },
    });
    const keys: Handlers<'errors'> = {
      quit: () => end(undefined),
      'scroll-up': () => void (scroll -= 3),
      'scroll-down': () => void (scroll += 3),
      reload: () => {
        status = theme.dim('reading the lessons again…');
        void reload().then((next) => {
          if (next.ok) return end(next.workshop);
          attempt = next;
          status = theme.warn(`still ${next.issues.length || 1} problem(s)`);
          loop.request();
        });
      },
    };
  });
}
