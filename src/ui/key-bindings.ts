// The one key-binding table. The input router looks keys up here, and the
// footer hints and the help overlay are generated from it, so what the
// screen says is always what the keys do.
//
// The prefix is Ctrl-g. Ctrl-b is tmux's prefix (an outer tmux would take
// it), Ctrl-a is screen's prefix and readline's "beginning of line" (used all
// the time in the shell pane), Ctrl-g is only readline's "abort" and less's
// "file info", which a learner hardly needs; Ctrl-g Ctrl-g sends one to the
// pane anyway. (zellij users: zellij's lock mode also uses Ctrl-g.)
import { keyLabel } from './keys.js';

export const PREFIX = 'C-g';

export type Action =
  | 'run'
  | 'next'
  | 'back'
  | 'hint'
  | 'chapters'
  | 'reset'
  | 'quit'
  | 'help'
  | 'focus-next'
  | 'focus-prev'
  | 'focus-left'
  | 'focus-right'
  | 'focus-up'
  | 'focus-down'
  | 'focus-index'
  | 'zoom'
  | 'copy-mode'
  | 'copy-step'
  | 'send-prefix'
  | 'scroll-up'
  | 'scroll-down'
  | 'page-up'
  | 'page-down'
  | 'copy-top'
  | 'copy-bottom'
  | 'copy-search'
  | 'copy-next-match'
  | 'copy-prev-match'
  | 'copy-select'
  | 'copy-yank'
  | 'choose'
  | 'close'
  | 'yes'
  | 'no'
  | 'reload'
  | 'type-faster'
  | 'type-slower'
  | 'play-pause'
  | 'marker-next'
  | 'marker-prev';

/**
 * Where a binding applies. "main": with the lesson focused the keys work
 * directly; from anywhere else (a pane, copy mode) after the prefix.
 */
export type Context = 'main' | 'lesson' | 'copy' | 'chapters' | 'confirm' | 'help' | 'errors' | 'player';

export interface Binding {
  readonly action: Action;
  readonly context: Context;
  /** Keys in the context itself (for "main": with the lesson focused). */
  readonly keys: readonly string[];
  /** Keys after the prefix, from anywhere ("main" only). */
  readonly prefixKeys?: readonly string[];
  /** A word or two for the footer. */
  readonly label: string;
  /** A sentence for the help overlay. */
  readonly help: string;
  /** Position in the footer (lower first, dropped last); absent: help only. */
  readonly footer?: number;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

// One binding per line reads as a table; prettier would spread each over seven lines.
// prettier-ignore
export const BINDINGS: readonly Binding[] = [
  // The learner's flow.
  { action: 'run', context: 'main', keys: ['r', 'enter'], prefixKeys: ['r'], label: 'run step', help: 'run the current step: it is typed into the shell pane and runs there', footer: 1 },
  { action: 'next', context: 'main', keys: ['n'], prefixKeys: ['n'], label: 'next', help: 'go on to the next step (once its checks passed); for a step you typed yourself', footer: 2 },
  { action: 'back', context: 'main', keys: ['p'], prefixKeys: ['p'], label: 'back', help: 'go back to the previous step', footer: 8 },
  { action: 'hint', context: 'main', keys: ['h'], prefixKeys: ['h'], label: 'hint', help: 'reveal the next hint for this step', footer: 3 },
  { action: 'chapters', context: 'main', keys: ['c'], prefixKeys: ['c'], label: 'chapters', help: 'pick a chapter to jump to', footer: 7 },
  { action: 'reset', context: 'main', keys: ['R'], prefixKeys: ['R'], label: 'reset chapter', help: 'forget this chapter’s progress and start it again (asks first)' },
  { action: 'help', context: 'main', keys: ['?'], prefixKeys: ['?'], label: 'help', help: 'show this help', footer: 6 },
  { action: 'quit', context: 'main', keys: ['q', 'C-c'], prefixKeys: ['q'], label: 'quit', help: 'quit: every component stops; your progress is kept', footer: 9 },
  // Panes, as in tmux.
  { action: 'focus-next', context: 'main', keys: ['tab'], prefixKeys: ['o', 'tab'], label: 'next pane', help: 'move the focus to the next pane (the lesson counts as one)', footer: 4 },
  { action: 'focus-prev', context: 'main', keys: ['S-tab'], prefixKeys: ['O', 'S-tab'], label: 'previous pane', help: 'move the focus to the previous pane' },
  { action: 'focus-left', context: 'main', keys: [], prefixKeys: ['left'], label: 'focus ←', help: 'move the focus to the pane on the left' },
  { action: 'focus-right', context: 'main', keys: [], prefixKeys: ['right'], label: 'focus →', help: 'move the focus to the pane on the right' },
  { action: 'focus-up', context: 'main', keys: [], prefixKeys: ['up'], label: 'focus ↑', help: 'move the focus to the pane above' },
  { action: 'focus-down', context: 'main', keys: [], prefixKeys: ['down'], label: 'focus ↓', help: 'move the focus to the pane below' },
  { action: 'focus-index', context: 'main', keys: [], prefixKeys: DIGITS, label: 'focus 0-9', help: 'focus by number: 0 the lesson, 1 the shell, 2… the components' },
  { action: 'zoom', context: 'main', keys: ['z'], prefixKeys: ['z'], label: 'zoom', help: 'zoom the focused pane to the whole screen, and back', footer: 5 },
  { action: 'copy-mode', context: 'main', keys: ['['], prefixKeys: ['['], label: 'scroll back', help: 'copy mode: scroll back, search (/) and copy (v, y) the focused pane’s history', footer: 5.5 },
  { action: 'copy-step', context: 'main', keys: ['y'], prefixKeys: ['y'], label: 'copy step', help: 'copy the current step’s command to the clipboard (over OSC 52), exactly as it runs, however the lesson wraps it' },
  // Presenter mode: how fast commands are typed out.
  { action: 'type-faster', context: 'main', keys: ['+', '='], prefixKeys: ['+'], label: 'type faster', help: 'presenter mode: type commands out faster' },
  { action: 'type-slower', context: 'main', keys: ['-'], prefixKeys: ['-'], label: 'type slower', help: 'presenter mode: type commands out slower' },
  { action: 'send-prefix', context: 'main', keys: [], prefixKeys: [PREFIX], label: 'send Ctrl-g', help: 'send a Ctrl-g to the focused pane' },
  // Reading the lesson.
  { action: 'scroll-up', context: 'lesson', keys: ['up', 'k'], label: 'scroll', help: 'scroll the lesson up' },
  { action: 'scroll-down', context: 'lesson', keys: ['down', 'j'], label: 'scroll', help: 'scroll the lesson down' },
  { action: 'page-up', context: 'lesson', keys: ['pageup', 'b'], label: 'page up', help: 'scroll the lesson a page up' },
  { action: 'page-down', context: 'lesson', keys: ['pagedown', 'space'], label: 'page down', help: 'scroll the lesson a page down' },
  // Copy mode.
  { action: 'scroll-up', context: 'copy', keys: ['up', 'k'], label: 'up', help: 'move up a line', footer: 1 },
  { action: 'scroll-down', context: 'copy', keys: ['down', 'j'], label: 'down', help: 'move down a line', footer: 1.5 },
  { action: 'page-up', context: 'copy', keys: ['pageup', 'C-b', 'C-u'], label: 'page', help: 'move a page up', footer: 2 },
  { action: 'page-down', context: 'copy', keys: ['pagedown', 'C-f', 'C-d'], label: 'page', help: 'move a page down' },
  { action: 'copy-top', context: 'copy', keys: ['g', 'home'], label: 'top', help: 'go to the oldest line kept', footer: 6 },
  { action: 'copy-bottom', context: 'copy', keys: ['G', 'end'], label: 'bottom', help: 'go to the newest line', footer: 6.5 },
  { action: 'copy-search', context: 'copy', keys: ['/', '?'], label: 'search', help: 'search the history, newest match first', footer: 3 },
  { action: 'copy-next-match', context: 'copy', keys: ['n'], label: 'older match', help: 'the next (older) match', footer: 4 },
  { action: 'copy-prev-match', context: 'copy', keys: ['N'], label: 'newer match', help: 'the previous (newer) match' },
  { action: 'copy-select', context: 'copy', keys: ['v', 'V', 'space'], label: 'select', help: 'start (or drop) a selection of lines', footer: 5 },
  { action: 'copy-yank', context: 'copy', keys: ['y', 'enter'], label: 'copy', help: 'copy the selection (or the line) to the clipboard, over OSC 52', footer: 5.5 },
  { action: 'close', context: 'copy', keys: ['q', 'escape'], label: 'leave', help: 'leave copy mode', footer: 0 },
  // Chapter picker.
  { action: 'scroll-up', context: 'chapters', keys: ['up', 'k'], label: 'up', help: 'previous chapter', footer: 1 },
  { action: 'scroll-down', context: 'chapters', keys: ['down', 'j'], label: 'down', help: 'next chapter', footer: 2 },
  { action: 'choose', context: 'chapters', keys: ['enter'], label: 'open', help: 'open the chapter (if what it needs is running)', footer: 0 },
  { action: 'close', context: 'chapters', keys: ['escape', 'q', 'c'], label: 'back', help: 'back to the lesson', footer: 3 },
  // Questions and overlays.
  { action: 'yes', context: 'confirm', keys: ['y', 'Y'], label: 'yes', help: 'yes', footer: 0 },
  { action: 'no', context: 'confirm', keys: ['n', 'N', 'escape', 'q'], label: 'no', help: 'no', footer: 1 },
  { action: 'scroll-up', context: 'help', keys: ['up', 'k'], label: 'scroll', help: 'scroll up' },
  { action: 'scroll-down', context: 'help', keys: ['down', 'j', 'space'], label: 'scroll', help: 'scroll down', footer: 1 },
  { action: 'close', context: 'help', keys: ['escape', 'q', '?', 'enter'], label: 'close', help: 'close the help', footer: 0 },
  { action: 'reload', context: 'errors', keys: ['r'], label: 'reload', help: 'read the lesson files again', footer: 0 },
  { action: 'scroll-up', context: 'errors', keys: ['up', 'k'], label: 'scroll', help: 'scroll up' },
  { action: 'scroll-down', context: 'errors', keys: ['down', 'j', 'space'], label: 'scroll', help: 'scroll down', footer: 1 },
  { action: 'quit', context: 'errors', keys: ['q', 'C-c'], label: 'quit', help: 'quit', footer: 2 },
  // Playing a recording (demystify play).
  { action: 'play-pause', context: 'player', keys: ['space', 'enter'], label: 'continue / pause', help: 'go on past a step marker; pause or go on playing', footer: 0 },
  { action: 'marker-prev', context: 'player', keys: ['left', 'p'], label: 'previous step', help: 'jump back to the previous step marker', footer: 1 },
  { action: 'marker-next', context: 'player', keys: ['right', 'n'], label: 'next step', help: 'jump to the next step marker', footer: 2 },
  { action: 'quit', context: 'player', keys: ['q', 'C-c', 'escape'], label: 'quit', help: 'stop playing', footer: 3 },
];

/** The binding a key has in a context, without the prefix. */
export function lookup(context: Context, key: string): Binding | undefined {
  return BINDINGS.find((b) => b.context === context && b.keys.includes(key));
}

/** The binding a key has after the prefix. */
export function lookupPrefixed(key: string): Binding | undefined {
  return BINDINGS.find((b) => b.prefixKeys?.includes(key));
}

export interface Hint {
  readonly keys: string;
  readonly label: string;
}

/** Footer hints for a context, best first; `prefixed` shows the keys that follow the prefix. */
export function footerHints(context: Context, prefixed = false): Hint[] {
  return BINDINGS.filter((b) => b.context === context && b.footer !== undefined)
    .filter((b) => (prefixed ? b.prefixKeys?.length : b.keys.length))
    .sort((a, b) => (a.footer ?? 0) - (b.footer ?? 0))
    .map((b) => ({ keys: keyLabel(((prefixed ? b.prefixKeys : b.keys) ?? [])[0] ?? ''), label: b.label }));
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
  chapters: 'Chapter list',
  confirm: 'Questions',
  help: 'This help',
  errors: 'Lesson errors',
  player: 'Playing a recording',
};

/** The help overlay's content, generated from the table. */
export function helpSections(): HelpSection[] {
  const contexts: Context[] = ['main', 'lesson', 'copy', 'chapters'];
  const p = keyLabel(PREFIX);
  return contexts.map((context) => ({
    title: SECTION_TITLES[context],
    rows: BINDINGS.filter((b) => b.context === context).map((b) => ({
      keys: b.keys.map(keyLabel).join(', '),
      prefixed:
        b.action === 'focus-index'
          ? `${p} 0-9`
          : (b.prefixKeys ?? []).map((k) => `${p} ${keyLabel(k)}`).join(', '),
      help: b.help,
    })),
  }));
}
