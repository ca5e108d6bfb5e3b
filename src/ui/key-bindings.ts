// Reading the key table (key-table.ts): what a key does in a context, one
// dispatcher over a context's handler map, and every key as it is shown —
// footer hints, the help overlay, "n: next step" in the status line.
import { KEY_TABLE, PREFIX, type BindingSpec } from './key-table.js';
import { keyLabel } from './keys.js';

export { PREFIX } from './key-table.js';

export type Context = keyof typeof KEY_TABLE;
/** The actions of a context, read off the table: a binding is what makes an action. */
export type ActionOf<C extends Context> = (typeof KEY_TABLE)[C][number]['action'];
export type Action = ActionOf<Context>;

export interface Binding<A extends string = string> extends BindingSpec {
  readonly action: A;
}

/**
 * One handler per action of a context: a missing one, or one for an action
 * the context does not have, is a compile error (no switch with a default).
 */
export type Handlers<C extends Context, Args extends unknown[] = [], R = void> = {
  readonly [A in ActionOf<C>]: (...args: Args) => R;
};

function table<C extends Context>(context: C): readonly Binding<ActionOf<C>>[] {
  return KEY_TABLE[context] as readonly Binding<ActionOf<C>>[];
}

/** The binding a key has in a context, without the prefix. */
export function lookup<C extends Context>(context: C, key: string): Binding<ActionOf<C>> | undefined {
  return table(context).find((b) => b.keys.includes(key));
}

/** The binding a key has after the prefix. */
export function lookupPrefixed(key: string): Binding<ActionOf<'main'>> | undefined {
  return table('main').find((b) => b.prefixKeys?.includes(key));
}

/** Runs the handler of the key's action in the context; false when the key has none there. */
export function dispatch<C extends Context, Args extends unknown[], R>(
  context: C,
  key: string,
  handlers: Handlers<C, Args, R>,
  ...args: Args
): { readonly handled: true; readonly result: R } | { readonly handled: false } {
  const binding = lookup(context, key);
  if (!binding) return { handled: false };
  const handler = handlers[binding.action] as (...a: Args) => R;
  return { handled: true, result: handler(...args) };
}

/**
 * How an action's key reads: "n", or "Ctrl-g n" after the prefix. `all`
 * joins every key ("r/Space/Enter"); by default the first one.
 */
export function keyFor<C extends Context>(
  context: C,
  action: ActionOf<C>,
  opts: { readonly prefixed?: boolean; readonly all?: boolean; readonly joiner?: string } = {},
): string {
  const b = table(context).find((x) => x.action === action);
  const keys = (opts.prefixed ? b?.prefixKeys : b?.keys) ?? [];
  const shown = (opts.all ? keys : keys.slice(0, 1)).map(keyLabel).join(opts.joiner ?? '/');
  return opts.prefixed ? `${keyLabel(PREFIX)} ${shown}` : shown;
}

/** The binding of an action, for its label. */
export function bindingFor<C extends Context>(context: C, action: ActionOf<C>): Binding<ActionOf<C>> {
  const b = table(context).find((x) => x.action === action);
  if (!b) throw new Error(`no binding for ${action} in ${context}`);
  return b;
}

export interface Hint {
  readonly keys: string;
  readonly label: string;
}

/** Footer hints for a context, best first; `prefixed` shows the keys that follow the prefix. */
export function footerHints(context: Context, prefixed = false): Hint[] {
  const keysOf = (b: Binding): readonly string[] => (prefixed ? (b.prefixKeys ?? []) : b.keys);
  return table(context)
    .filter((b) => b.footer !== undefined && keysOf(b).length > 0)
    .sort((a, b) => (a.footer ?? 0) - (b.footer ?? 0))
    .map((b) => ({ keys: digitsOr(keysOf(b)), label: b.label }));
}

/** "0-9" for the ten digits, else the first key. */
function digitsOr(keys: readonly string[]): string {
  return keys.length === 10 && keys.every((k) => /^\d$/.test(k)) ? '0-9' : keyLabel(keys[0] ?? '');
}

/** The footer hints as one line of text: "r run · n next · …". */
export function hintLine(context: Context, separator = ' · '): string {
  return footerHints(context)
    .map((h) => `${h.keys} ${h.label}`)
    .join(separator);
}

export interface HelpSection {
  readonly title: string;
  /** Keys in the context itself, keys after the prefix (main only), what they do. */
  readonly rows: readonly { readonly keys: string; readonly prefixed: string; readonly help: string }[];
}

const SECTION_TITLES: Record<Context, string> = {
  main: 'The lesson and the panes',
  lesson: 'Reading the lesson (lesson focused)',
  copy: 'Copy mode (scroll back, search, copy)',
  search: 'Searching in copy mode',
  answer: 'Answering a question or a prediction',
  join: 'Typing a class’s join line',
  chapters: 'Chapter list',
  confirm: 'Questions',
  help: 'This help',
  errors: 'Lesson errors',
  binaries: 'Downloading the programs (first run)',
  player: 'Playing a recording',
  notes: 'Presenter notes terminal',
  board: 'Class board',
  'board-screen': 'A learner’s shared screen',
  watch: 'The presenter’s screen',
};

/** The help overlay's content, generated from the table. */
export function helpSections(): HelpSection[] {
  const contexts: Context[] = ['main', 'lesson', 'copy', 'search', 'answer', 'join', 'chapters'];
  const p = keyLabel(PREFIX);
  return contexts.map((context) => ({
    title: SECTION_TITLES[context],
    rows: table(context).map((b: Binding) => ({
      keys: b.keys.length === 10 ? digitsOr(b.keys) : b.keys.map(keyLabel).join(', '),
      prefixed: b.prefixKeys?.length
        ? b.prefixKeys.length === 10
          ? `${p} ${digitsOr(b.prefixKeys)}`
          : b.prefixKeys.map((k) => `${p} ${keyLabel(k)}`).join(', ')
        : '',
      help: b.help,
    })),
  }));
}
