// Presenter mode's own pieces of the running app: the typing speeds + and -
// step through, and the few keys its footer shows.
import { bindingFor, keyFor, type ActionOf, type Hint } from './key-bindings.js';

/** Typing speeds the presenter steps through with + and -, in ms per character. */
export const TYPING_STEPS = [5, 10, 20, 30, 45, 60, 90, 120];

/** One step faster (-1) or slower (+1) from `ms`, staying within the steps. */
export function nextTypingMs(ms: number, step: 1 | -1): number {
  const i = TYPING_STEPS.findIndex((s) => s >= ms);
  const at = i < 0 ? TYPING_STEPS.length - 1 : i;
  return TYPING_STEPS[Math.max(0, Math.min(TYPING_STEPS.length - 1, at + step))]!;
}

/** The few keys a presenter needs, and the typing speed: the footer in presenter mode. */
export function presenterHints(typingMs: number): Hint[] {
  const key = (a: ActionOf<'main'>): Hint => ({
    keys: keyFor('main', a),
    label: bindingFor('main', a).label,
  });
  return [
    key('run'),
    key('next'),
    key('back'),
    key('chapters'),
    {
      keys: `${keyFor('main', 'type-faster')} ${keyFor('main', 'type-slower')}`,
      label: `typing ${typingMs} ms/char`,
    },
    key('help'),
    key('quit'),
  ];
}
