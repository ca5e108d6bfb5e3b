// Presenter mode's own pieces of the running app: the typing speeds + and -
// step through, and the one calm footer line.
import { bindingFor, keyFor, type ActionOf } from './key-bindings.js';
import type { Theme } from './theme.js';

/** Typing speeds the presenter steps through with + and -, in ms per character. */
export const TYPING_STEPS = [5, 10, 20, 30, 45, 60, 90, 120];

/** One step faster (-1) or slower (+1) from `ms`, staying within the steps. */
export function nextTypingMs(ms: number, step: 1 | -1): number {
  const i = TYPING_STEPS.findIndex((s) => s >= ms);
  const at = i < 0 ? TYPING_STEPS.length - 1 : i;
  return TYPING_STEPS[Math.max(0, Math.min(TYPING_STEPS.length - 1, at + step))]!;
}

/** One calm line: the few keys a presenter needs, and the typing speed. */
export function presenterFooter(t: Theme, typingMs: number): string {
  const key = (a: ActionOf<'main'>): [string, string] => [keyFor('main', a), bindingFor('main', a).label];
  const keys: [string, string][] = [
    key('run'),
    key('next'),
    key('back'),
    key('chapters'),
    [`${keyFor('main', 'type-faster')} ${keyFor('main', 'type-slower')}`, `typing ${typingMs} ms/char`],
    key('help'),
    key('quit'),
  ];
  return keys.map(([k, l]) => `${t.bold(k)} ${t.dim(l)}`).join('  ');
}
