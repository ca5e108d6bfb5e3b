// Keys on the answer line, opened on a question or a prediction (the run key
// there): typed characters make the value, a prediction with choices picks
// one with the arrows, Enter gives it to the engine (the controller's
// answer() or predict() judge it; the line holds no truth of its own).
import { dispatch, type Handlers } from './key-bindings.js';
import type { Key } from './keys.js';
import { NO_OVERLAY, type Overlay, type UiState } from './ui-state.js';

export type AnswerLine = Extract<Overlay, { kind: 'answer' }>;

export interface AnswerKeyResult {
  readonly patch: Partial<UiState>;
  /** The value given: an answer, a prediction, or the choice picked. */
  readonly say?: string;
}

/** The answer line for a step that waits for an answer or a prediction. */
export function openAnswer(
  awaiting: 'answer' | 'prediction',
  choices: readonly string[] | undefined,
): AnswerLine {
  return { kind: 'answer', awaiting, text: '', choices: choices?.length ? choices : undefined, picked: 0 };
}

const pick =
  (delta: number) =>
  (o: AnswerLine): AnswerKeyResult => {
    if (!o.choices) return { patch: {} };
    const n = o.choices.length;
    return { patch: { overlay: { ...o, picked: (o.picked + delta + n) % n } } };
  };

const answerKeys: Handlers<'answer', [AnswerLine], AnswerKeyResult> = {
  'answer-say': (o) => {
    const say = o.choices ? o.choices[o.picked] : o.text;
    // An empty line says nothing: it stays open rather than earning a refusal.
    if (!say?.trim()) return { patch: {} };
    return { patch: { overlay: NO_OVERLAY, message: undefined }, say };
  },
  'answer-cancel': () => ({ patch: { overlay: NO_OVERLAY, message: undefined } }),
  'answer-erase': (o) => ({ patch: { overlay: { ...o, text: [...o.text].slice(0, -1).join('') } } }),
  'answer-prev': pick(-1),
  'answer-next': pick(1),
};

export function answerKey(o: AnswerLine, key: Key): AnswerKeyResult {
  const bound = dispatch('answer', key.name, answerKeys, o);
  if (bound.handled) return bound.result;
  if (o.choices) return { patch: {} };
  const text = key.name === 'paste' ? (key.text ?? '') : [...key.raw].length === 1 ? key.raw : '';
  // A value is one line of printable text, as long as the engine takes (200 characters).
  if (!text || /[\x00-\x1f]/.test(text)) return { patch: {} };
  return { patch: { overlay: { ...o, text: (o.text + text).slice(0, 200) } } };
}
