// The one key-binding table: every key demystify answers to, per context,
// with the words the footer and the help show for it. The action names are
// read off this table (key-bindings.ts), and each context's handlers are a
// map with one entry per action, so an action without a handler, or a
// handler without a binding, does not compile. Nothing else names a key:
// hints, help, the status line, the presenter's footer, the player and the
// notes terminal all ask key-bindings.ts.
//
// The prefix is Ctrl-g. Ctrl-b is tmux's prefix (an outer tmux would take
// it), Ctrl-a is screen's prefix and readline's "beginning of line" (used all
// the time in the shell pane), Ctrl-g is only readline's "abort" and less's
// "file info", which a learner hardly needs; Ctrl-g Ctrl-g sends one to the
// pane anyway. (zellij users: zellij's lock mode also uses Ctrl-g.)

export const PREFIX = 'C-g';

export interface BindingSpec {
  readonly action: string;
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

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

// One binding per line reads as a table; prettier would spread each over seven lines.
// prettier-ignore
export const KEY_TABLE = {
  /** With the lesson focused the keys work directly; from anywhere else (a pane, copy mode) after the prefix. */
  main: [
    // The learner's flow.
    { action: 'run', keys: ['r', 'enter'], prefixKeys: ['r'], label: 'run step', help: 'run the current step: it is typed into the shell pane and runs there', footer: 1 },
    { action: 'next', keys: ['n'], prefixKeys: ['n'], label: 'next', help: 'go on to the next step (once its checks passed); for a step you typed yourself', footer: 2 },
    { action: 'back', keys: ['p'], prefixKeys: ['p'], label: 'back', help: 'go back to the previous step', footer: 8 },
    { action: 'hint', keys: ['h'], prefixKeys: ['h'], label: 'hint', help: 'reveal the next hint for this step', footer: 3 },
    { action: 'chapters', keys: ['c'], prefixKeys: ['c'], label: 'chapters', help: 'pick a chapter to jump to', footer: 7 },
    { action: 'reset', keys: ['R'], prefixKeys: ['R'], label: 'reset chapter', help: 'forget this chapter’s progress and start it again (asks first)' },
    { action: 'help', keys: ['?'], prefixKeys: ['?'], label: 'help', help: 'show this help', footer: 6 },
    { action: 'quit', keys: ['q', 'C-c'], prefixKeys: ['q'], label: 'quit', help: 'quit: every component stops; your progress is kept', footer: 9 },
    // Panes, as in tmux.
    { action: 'focus-next', keys: ['tab'], prefixKeys: ['o', 'tab'], label: 'next pane', help: 'move the focus to the next pane (the lesson counts as one)', footer: 4 },
    { action: 'focus-prev', keys: ['S-tab'], prefixKeys: ['O', 'S-tab'], label: 'previous pane', help: 'move the focus to the previous pane' },
    { action: 'focus-left', keys: [], prefixKeys: ['left'], label: 'focus ←', help: 'move the focus to the pane on the left' },
    { action: 'focus-right', keys: [], prefixKeys: ['right'], label: 'focus →', help: 'move the focus to the pane on the right' },
    { action: 'focus-up', keys: [], prefixKeys: ['up'], label: 'focus ↑', help: 'move the focus to the pane above' },
    { action: 'focus-down', keys: [], prefixKeys: ['down'], label: 'focus ↓', help: 'move the focus to the pane below' },
    { action: 'focus-index', keys: [], prefixKeys: DIGITS, label: 'focus 0-9', help: 'focus by number: 0 the lesson, 1 the shell, 2… the components' },
    { action: 'zoom', keys: ['z'], prefixKeys: ['z'], label: 'zoom', help: 'zoom the focused pane to the whole screen, and back', footer: 5 },
    { action: 'copy-mode', keys: ['['], prefixKeys: ['['], label: 'scroll back', help: 'copy mode: scroll back, search (/) and copy (v, y) the focused pane’s history', footer: 5.5 },
    { action: 'wire', keys: ['w'], prefixKeys: ['w'], label: 'wire', help: 'show or hide the wire view: what passes between the components, one line per request from the API server’s audit log, and what the step you just left set off', footer: 6.5 },
    { action: 'wire-all', keys: ['W'], prefixKeys: ['W'], label: 'every request', help: 'the wire view with every request (reads, lease renewals, events and demystify’s own checks too), and back to writes and watches' },
    { action: 'copy-step', keys: ['y'], prefixKeys: ['y'], label: 'copy step', help: 'copy the current step’s command to the clipboard (over OSC 52), exactly as it runs, however the lesson wraps it' },
    // Presenter mode: how fast commands are typed out.
    { action: 'type-faster', keys: ['+', '='], prefixKeys: ['+'], label: 'type faster', help: 'presenter mode: type commands out faster' },
    { action: 'type-slower', keys: ['-'], prefixKeys: ['-'], label: 'type slower', help: 'presenter mode: type commands out slower' },
    // A class (demystify --join): asking the instructor for help; docs/class.md.
    { action: 'class-hand', keys: ['a'], prefixKeys: ['a'], label: 'raise hand', help: 'in a class: raise your hand on the instructor’s board (ask for help), and lower it' },
    { action: 'class-share', keys: ['s'], prefixKeys: ['s'], label: 'share screen', help: 'in a class: share this screen with the instructor (read-only), and stop sharing' },
    { action: 'class-join', keys: ['J'], prefixKeys: ['J'], label: 'join class', help: 'join a class: type (or paste) the join line the instructor’s screen shows' },
    { action: 'class-leave', keys: ['L'], prefixKeys: ['L'], label: 'leave class', help: 'in a class: leave it (your row leaves the board; the workshop goes on)' },
    { action: 'send-prefix', keys: [], prefixKeys: [PREFIX], label: 'send Ctrl-g', help: 'send a Ctrl-g to the focused pane' },
  ],
  /** Reading the lesson (the lesson focused), after the "main" keys. */
  lesson: [
    { action: 'scroll-up', keys: ['up', 'k'], label: 'scroll', help: 'scroll the lesson up' },
    { action: 'scroll-down', keys: ['down', 'j'], label: 'scroll', help: 'scroll the lesson down' },
    { action: 'page-up', keys: ['pageup', 'b'], label: 'page up', help: 'scroll the lesson a page up' },
    { action: 'page-down', keys: ['pagedown', 'space'], label: 'page down', help: 'scroll the lesson a page down' },
  ],
  copy: [
    { action: 'scroll-up', keys: ['up', 'k'], label: 'up', help: 'move up a line', footer: 1 },
    { action: 'scroll-down', keys: ['down', 'j'], label: 'down', help: 'move down a line', footer: 1.5 },
    { action: 'page-up', keys: ['pageup', 'C-b', 'C-u'], label: 'page', help: 'move a page up', footer: 2 },
    { action: 'page-down', keys: ['pagedown', 'C-f', 'C-d'], label: 'page', help: 'move a page down' },
    { action: 'copy-top', keys: ['g', 'home'], label: 'top', help: 'go to the oldest line kept', footer: 6 },
    { action: 'copy-bottom', keys: ['G', 'end'], label: 'bottom', help: 'go to the newest line', footer: 6.5 },
    { action: 'copy-search', keys: ['/', '?'], label: 'search', help: 'search the history, newest match first', footer: 3 },
    { action: 'copy-next-match', keys: ['n'], label: 'older match', help: 'the next (older) match', footer: 4 },
    { action: 'copy-prev-match', keys: ['N'], label: 'newer match', help: 'the previous (newer) match' },
    { action: 'copy-select', keys: ['v', 'V', 'space'], label: 'select', help: 'start (or drop) a selection of lines', footer: 5 },
    { action: 'copy-yank', keys: ['y', 'enter'], label: 'copy', help: 'copy the selection (or the line) to the clipboard, over OSC 52', footer: 5.5 },
    { action: 'close', keys: ['q', 'escape'], label: 'leave', help: 'leave copy mode', footer: 0 },
  ],
  /** While a copy-mode search is typed: other keys add to the query. */
  search: [
    { action: 'search-find', keys: ['enter'], label: 'find', help: 'find the newest match of what was typed', footer: 0 },
    { action: 'search-cancel', keys: ['escape', 'C-c'], label: 'cancel', help: 'give up the search', footer: 1 },
    { action: 'search-erase', keys: ['backspace'], label: 'erase', help: 'erase the last character typed' },
  ],
  /** While an answer or a prediction is typed (or a choice picked): other keys add to the value. */
  answer: [
    { action: 'answer-say', keys: ['enter'], label: 'answer', help: 'give the answer (or the prediction, or the choice picked)', footer: 0 },
    { action: 'answer-cancel', keys: ['escape', 'C-c'], label: 'cancel', help: 'close the answer line (the step still waits for an answer)', footer: 1 },
    { action: 'answer-erase', keys: ['backspace'], label: 'erase', help: 'erase the last character typed' },
    { action: 'answer-prev', keys: ['left', 'up'], label: 'pick', help: 'a prediction with choices: the choice before', footer: 2 },
    { action: 'answer-next', keys: ['right', 'down', 'tab'], label: 'pick', help: 'a prediction with choices: the next choice' },
  ],
  /** While a class's join line is typed (or pasted): other keys add to it. */
  join: [
    { action: 'join-say', keys: ['enter'], label: 'join', help: 'join the class of the line typed', footer: 0 },
    { action: 'join-cancel', keys: ['escape', 'C-c'], label: 'cancel', help: 'close the join line', footer: 1 },
    { action: 'join-erase', keys: ['backspace'], label: 'erase', help: 'erase the last character typed' },
  ],
  chapters: [
    { action: 'scroll-up', keys: ['up', 'k'], label: 'up', help: 'previous chapter', footer: 1 },
    { action: 'scroll-down', keys: ['down', 'j'], label: 'down', help: 'next chapter', footer: 2 },
    { action: 'choose', keys: ['enter'], label: 'open', help: 'open the chapter (if what it needs is running)', footer: 0 },
    { action: 'close', keys: ['escape', 'q', 'c'], label: 'back', help: 'back to the lesson', footer: 3 },
  ],
  confirm: [
    { action: 'yes', keys: ['y', 'Y'], label: 'yes', help: 'yes', footer: 0 },
    { action: 'no', keys: ['n', 'N', 'escape', 'q'], label: 'no', help: 'no', footer: 1 },
  ],
  help: [
    { action: 'scroll-up', keys: ['up', 'k'], label: 'scroll', help: 'scroll up' },
    { action: 'scroll-down', keys: ['down', 'j', 'space'], label: 'scroll', help: 'scroll down', footer: 1 },
    { action: 'close', keys: ['escape', 'q', '?', 'enter'], label: 'close', help: 'close the help', footer: 0 },
  ],
  errors: [
    { action: 'reload', keys: ['r'], label: 'reload', help: 'read the lesson files again', footer: 0 },
    { action: 'scroll-up', keys: ['up', 'k'], label: 'scroll', help: 'scroll up' },
    { action: 'scroll-down', keys: ['down', 'j', 'space'], label: 'scroll', help: 'scroll down', footer: 1 },
    { action: 'quit', keys: ['q', 'C-c'], label: 'quit', help: 'quit', footer: 2 },
  ],
  /** A first run with no binaries: the offer to download them (binaries-scene.ts). */
  binaries: [
    { action: 'fetch', keys: ['enter', 'y'], label: 'download', help: 'download the missing programs now', footer: 0 },
    { action: 'decline', keys: ['n', 'escape'], label: 'not now', help: 'do not download them now', footer: 1 },
    { action: 'retry', keys: ['r'], label: 'try again', help: 'try the download again', footer: 2 },
    { action: 'continue', keys: ['c'], label: 'open the workshop', help: 'open the workshop without them (its first chapters work)', footer: 3 },
    { action: 'quit', keys: ['q', 'C-c'], label: 'quit', help: 'quit', footer: 4 },
    { action: 'scroll-up', keys: ['up', 'k'], label: 'scroll', help: 'scroll up' },
    { action: 'scroll-down', keys: ['down', 'j'], label: 'scroll', help: 'scroll down', footer: 5 },
  ],
  /** Playing a recording (demystify play). */
  player: [
    { action: 'play-pause', keys: ['space', 'enter'], label: 'continue / pause', help: 'go on past a step marker; pause or go on playing', footer: 0 },
    { action: 'marker-prev', keys: ['left', 'p'], label: 'previous step', help: 'jump back to the previous step marker', footer: 1 },
    { action: 'marker-next', keys: ['right', 'n'], label: 'next step', help: 'jump to the next step marker', footer: 2 },
    { action: 'quit', keys: ['q', 'C-c', 'escape'], label: 'quit', help: 'stop playing', footer: 3 },
  ],
  /** The presenter's notes terminal (demystify present --notes): it drives the main screen. */
  notes: [
    { action: 'run', keys: ['r', 'space', 'enter'], label: 'run', help: 'run the current step on the main screen', footer: 0 },
    { action: 'next', keys: ['n'], label: 'next', help: 'go on to the next step', footer: 1 },
    { action: 'back', keys: ['p'], label: 'back', help: 'go back a step', footer: 2 },
    { action: 'hint', keys: ['h'], label: 'hint', help: 'reveal the next hint', footer: 3 },
    { action: 'jump', keys: DIGITS, label: 'jump to chapter', help: 'jump to chapter 0-9', footer: 4 },
    { action: 'quit', keys: ['q', 'C-c'], label: 'close the notes', help: 'close the notes terminal (the main screen goes on)', footer: 5 },
  ],
  /** The instructor's class board (demystify class). */
  board: [
    { action: 'scroll-up', keys: ['up', 'k'], label: 'select', help: 'select the learner above', footer: 0 },
    { action: 'scroll-down', keys: ['down', 'j'], label: 'select', help: 'select the learner below' },
    { action: 'details', keys: ['enter', 'd'], label: 'details', help: 'open or close the selected learner’s details', footer: 1 },
    { action: 'screen', keys: ['v'], label: 'view screen', help: 'watch the selected learner’s shared screen (read-only; only when they share it)', footer: 2 },
    { action: 'sort', keys: ['s'], label: 'sort', help: 'sort by: stuck first, name, progress (furthest behind first)', footer: 3 },
    { action: 'filter', keys: ['f'], label: 'filter', help: 'show: everyone, those who need attention, those sharing their screen', footer: 4 },
    { action: 'quit', keys: ['q', 'C-c'], label: 'end the class', help: 'end the class: the server stops, learners go on on their own', footer: 5 },
  ],
  /** Watching a learner's shared screen from the board. */
  'board-screen': [
    { action: 'close', keys: ['escape', 'q', 'v'], label: 'back to the board', help: 'close the screen and go back to the board', footer: 0 },
  ],
  /** Watching the presenter's screen (demystify --join <line> --watch). */
  watch: [
    { action: 'quit', keys: ['q', 'C-c', 'escape'], label: 'stop watching', help: 'stop watching the presenter’s screen', footer: 0 },
  ],
} as const satisfies Record<string, readonly BindingSpec[]>;
