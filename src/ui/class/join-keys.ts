// Keys on the join line, opened by the join key: typed or pasted characters
// make the line, Enter hands it to the class seat (which parses it and says
// what is wrong with it; the line holds no rules of its own).
import { dispatch, type Handlers } from '../key-bindings.js';
import type { Key } from '../keys.js';
import { NO_OVERLAY, type Overlay, type UiState } from '../ui-state.js';

export type JoinLineOverlay = Extract<Overlay, { kind: 'join' }>;

export interface JoinKeyResult {
  readonly patch: Partial<UiState>;
  /** The line given, to join. */
  readonly line?: string;
}

/** Longer than any join line (address, code, fingerprint); the parser says what is wrong. */
const MAX = 400;

const joinKeys: Handlers<'join', [JoinLineOverlay], JoinKeyResult> = {
  'join-say': (o) => {
    const line = o.text.trim();
    // An empty line says nothing: it stays open.
    if (!line) return { patch: {} };
    return { patch: { overlay: NO_OVERLAY, message: `joining ${line}…` }, line };
  },
  'join-cancel': () => ({ patch: { overlay: NO_OVERLAY, message: undefined } }),
  'join-erase': (o) => ({ patch: { overlay: { ...o, text: [...o.text].slice(0, -1).join('') } } }),
};

export function joinKey(o: JoinLineOverlay, key: Key): JoinKeyResult {
  const bound = dispatch('join', key.name, joinKeys, o);
  if (bound.handled) return bound.result;
  // A paste may end in a newline; the line is one line of printable text.
  const text = key.name === 'paste' ? (key.text ?? '').trim() : [...key.raw].length === 1 ? key.raw : '';
  if (!text || /[\x00-\x1f]/.test(text)) return { patch: {} };
  return { patch: { overlay: { ...o, text: (o.text + text).slice(0, MAX) } } };
}
