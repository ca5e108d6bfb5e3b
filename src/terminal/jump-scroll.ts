// Jump scroll: when a program prints faster than frames are drawn, most of
// its lines scroll out of view before anyone could see them. Parsing them
// into the emulator is the UI's biggest cost at full speed, so only the last
// screenful (and a little) is parsed; the rest is kept raw for copy mode
// (see PaneScreen). This is safe only for output that cannot change the
// terminal's state beyond colours: plain text, CR LF, tabs and SGR. Anything
// else (cursor movement, modes, OSC, a full-screen program) is parsed whole.
import { countNewlines } from './raw-ring.js';

/** Controls other than TAB, LF, CR and ESC; C1 controls. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/;
/** ESC that does not start an SGR sequence. (Two simple scans beat one with both.) */
const NOT_SGR = /\x1b(?!\[[0-9;:]*m)/;
const SGR = /\x1b\[[0-9;:]*m/g;
/** An escape sequence a chunk ends in the middle of (the pty cuts output anywhere), from its ESC on. */
const OPEN = /^\x1b(\[[0-9;:]*)?$/;
const SGR_AT_START = /^\x1b\[[0-9;:]*m/;

export interface Jump {
  /** What to parse instead of the input, in pieces (joining them would only copy). */
  readonly chunks: readonly string[];
  /** Lines left out (0: the input as it was). */
  readonly skipped: number;
}

/**
 * What to parse of `chunks` (output in the order it came) so the screen ends
 * as if all of it had been parsed, when at least `keepRows` whole lines
 * follow the part left out. `keepRows` must be at least the screen's height.
 */
export function jumpScroll(chunks: readonly string[], keepRows: number): Jump {
  const cut = tailStart(chunks, keepRows);
  if (!cut) return { chunks, skipped: 0 };
  const head = [...chunks.slice(0, cut.chunk), (chunks[cut.chunk] as string).slice(0, cut.offset)];
  const last = head.filter((c) => c !== '').at(-1) ?? '';
  if (!last.endsWith('\r\n') || !plain(head)) return { chunks, skipped: 0 };
  // The colours in force where the tail starts, then a new line: the tail's
  // lines then scroll whatever was on screen (the unfinished line too) away.
  const tail = [(chunks[cut.chunk] as string).slice(cut.offset), ...chunks.slice(cut.chunk + 1)];
  return {
    chunks: [`${colourState(head)}\r\n`, ...tail],
    skipped: head.reduce((n, c) => n + countNewlines(c), 0),
  };
}

/** Whether the pieces hold nothing but text, CR LF, tabs and SGR, sequences cut between two pieces included. */
function plain(pieces: readonly string[]): boolean {
  for (let i = 0; i < pieces.length; i += 1) {
    const t = pieces[i] as string;
    if (CONTROL.test(t)) return false;
    const esc = t.lastIndexOf('\x1b');
    const open = esc >= 0 && t.length - esc < 64 && OPEN.test(t.slice(esc));
    if (NOT_SGR.test(open ? t.slice(0, esc) : t)) return false;
    // Its end is in the next piece: judge the two halves together.
    if (open && !SGR_AT_START.test(t.slice(esc) + (pieces[i + 1] ?? '').slice(0, 64))) return false;
  }
  return true;
}

/** Where the last `rows` whole lines (and any unfinished one) start; undefined when there are no more lines than that. */
function tailStart(chunks: readonly string[], rows: number): { chunk: number; offset: number } | undefined {
  // The unfinished last line (no newline yet) belongs to the tail as well: rows + 1 newlines back.
  let need = rows + 1;
  for (let c = chunks.length - 1; c >= 0; c -= 1) {
    const text = chunks[c] as string;
    for (let at = text.lastIndexOf('\n'); at >= 0; at = at > 0 ? text.lastIndexOf('\n', at - 1) : -1) {
      need -= 1;
      if (need === 0) return { chunk: c, offset: at + 1 };
    }
  }
  return undefined;
}

/** The SGR sequences after the last full reset: replaying them gives the same colours. */
function colourState(head: readonly string[]): string {
  let from = 0;
  let at = 0;
  for (let c = head.length - 1; c >= 0; c -= 1) {
    const t = head[c] as string;
    const reset = Math.max(t.lastIndexOf('\x1b[0m'), t.lastIndexOf('\x1b[m'), t.lastIndexOf('\x1b[0;'));
    if (reset >= 0) {
      from = c;
      at = reset;
      break;
    }
  }
  let out = '';
  for (let c = from; c < head.length; c += 1) {
    const t = head[c] as string;
    SGR.lastIndex = c === from ? at : 0;
    for (let m = SGR.exec(t); m; m = SGR.exec(t)) out += m[0];
  }
  return out;
}
