// Raw terminal input -> key tokens. Each token keeps its raw bytes, so keys
// that go on to a pane are passed through exactly as the terminal sent them
// (vim, less and readline see the same bytes as without demystify).

export interface Key {
  /** Canonical name: "a", "R", "C-g", "M-x", "enter", "up", "C-up", "pageup", "f1", "paste". */
  readonly name: string;
  /** Exactly the bytes the terminal sent for this key. */
  readonly raw: string;
  /** For "paste": the pasted text without the bracketed-paste markers. */
  readonly text?: string;
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

const CSI_LETTERS: Record<string, string> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
};

const CSI_TILDE: Record<string, string> = {
  '1': 'home',
  '2': 'insert',
  '3': 'delete',
  '4': 'end',
  '5': 'pageup',
  '6': 'pagedown',
  '7': 'home',
  '8': 'end',
  '11': 'f1',
  '12': 'f2',
  '13': 'f3',
  '14': 'f4',
  '15': 'f5',
  '17': 'f6',
  '18': 'f7',
  '19': 'f8',
  '20': 'f9',
  '21': 'f10',
  '23': 'f11',
  '24': 'f12',
};

/** xterm's modifier parameter (1 + bits: shift 1, alt 2, ctrl 4) as a name prefix. */
function modifiers(param: string | undefined): string {
  const m = Number(param ?? 1) - 1;
  if (!(m > 0)) return '';
  return `${m & 4 ? 'C-' : ''}${m & 2 ? 'M-' : ''}${m & 1 ? 'S-' : ''}`;
}

function controlName(code: number): string {
  switch (code) {
    case 0:
      return 'C-space';
    case 9:
      return 'tab';
    case 10:
    case 13:
      return 'enter';
    case 8:
    case 127:
      return 'backspace';
    case 27:
      return 'escape';
    case 28:
      return 'C-\\';
    case 29:
      return 'C-]';
    case 30:
      return 'C-^';
    case 31:
      return 'C-_';
    default:
      return `C-${String.fromCharCode(code + 96)}`;
  }
}

function charName(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return controlName(code);
  return ch === ' ' ? 'space' : ch;
}

/** Reads one escape sequence at `i` (text[i] is ESC); returns its key and length. */
function escapeAt(text: string, i: number): { key: Key; length: number } {
  const next = text[i + 1];
  if (next === undefined) return { key: { name: 'escape', raw: '\x1b' }, length: 1 };
  if (next === '[') {
    if (text.startsWith(PASTE_START, i)) {
      const end = text.indexOf(PASTE_END, i + PASTE_START.length);
      const stop = end < 0 ? text.length : end + PASTE_END.length;
      const body = text.slice(i + PASTE_START.length, end < 0 ? text.length : end);
      return { key: { name: 'paste', raw: text.slice(i, stop), text: body }, length: stop - i };
    }
    // CSI: parameter and intermediate bytes, then one final byte (0x40-0x7e).
    let j = i + 2;
    while (j < text.length && (text.charCodeAt(j) < 0x40 || text.charCodeAt(j) > 0x7e)) j += 1;
    const raw = text.slice(i, j + 1);
    const final = text[j] ?? '';
    const params = text.slice(i + 2, j).split(';');
    let name: string;
    if (final === '~') {
      const base = CSI_TILDE[params[0] ?? ''];
      name = base ? modifiers(params[1]) + base : `csi${raw.slice(1)}`;
    } else if (final === 'Z') name = 'S-tab';
    else if (CSI_LETTERS[final]) name = modifiers(params[1]) + CSI_LETTERS[final];
    else name = `csi${raw.slice(1)}`;
    return { key: { name, raw }, length: raw.length };
  }
  if (next === 'O' && i + 2 < text.length) {
    const raw = text.slice(i, i + 3);
    return { key: { name: CSI_LETTERS[raw[2] ?? ''] ?? `ss3${raw[2]}`, raw }, length: 3 };
  }
  if (next === '\x1b') return { key: { name: 'escape', raw: '\x1b' }, length: 1 };
  // Alt (meta) sends ESC before the key.
  const cp = text.codePointAt(i + 1) ?? 0;
  const ch = String.fromCodePoint(cp);
  return { key: { name: `M-${charName(ch)}`, raw: `\x1b${ch}` }, length: 1 + ch.length };
}

/** Splits a chunk of terminal input into keys; concatenating their raw bytes gives the chunk back. */
export function parseKeys(text: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\x1b') {
      const { key, length } = escapeAt(text, i);
      keys.push(key);
      i += length;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    keys.push({ name: charName(ch), raw: ch });
    i += ch.length;
  }
  return keys;
}

/** How a key name reads in hints and help: "C-g" -> "Ctrl-g", "pageup" -> "PgUp". */
export function keyLabel(name: string): string {
  const words: Record<string, string> = {
    enter: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    'S-tab': 'Shift-Tab',
    space: 'Space',
    pageup: 'PgUp',
    pagedown: 'PgDn',
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    home: 'Home',
    end: 'End',
    backspace: 'Backspace',
  };
  if (words[name]) return words[name];
  if (name.startsWith('C-')) return `Ctrl-${keyLabel(name.slice(2))}`;
  if (name.startsWith('M-')) return `Alt-${keyLabel(name.slice(2))}`;
  return name;
}

/** The control byte for a prefix name such as "C-g". */
export function controlByte(name: string): string | undefined {
  const m = /^C-([a-z])$/.exec(name);
  return m ? String.fromCharCode((m[1] as string).charCodeAt(0) - 96) : undefined;
}
