// Jump scroll: when a program prints faster than frames are drawn, most of
// its lines scroll out of view before anyone could see them. Parsing them
// into the emulator is the UI's biggest cost at full speed, so only the last
// screenful (and a little) is parsed; the rest is kept raw for copy mode
// (see PaneScreen). This is safe only for output that cannot change the
// terminal's state beyond colours: plain text, CR LF, tabs and SGR. Anything
// else (cursor movement, modes, OSC, a full-screen program) is parsed whole.
import { countNewlines } from './raw-ring.js';

/** Controls other than TAB, LF, CR and ESC; ESC other than SGR; C1 controls. */
const NOT_PLAIN = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]|\x1b(?!\[[0-9;:]*m)/;
const SGR = /\x1b\[[0-9;:]*m/g;
/** Erases the scrollback: lines above a jump are not contiguous with it any more. */
const ERASE_SCROLLBACK = '\x1b[3J';

export interface Jump {
  /** What to parse instead of the input. */
  readonly text: string;
  /** Lines left out (0: the input as it was). */
  readonly skipped: number;
}

/**
 * What to parse of `text` so the screen ends as if all of it had been
 * parsed, when at least `keepRows` whole lines follow the part left out.
 * `keepRows` must be at least the screen's height.
 */
export function jumpScroll(text: string, keepRows: number): Jump {
  const cut = tailStart(text, keepRows);
  if (cut <= 0) return { text, skipped: 0 };
  const head = text.slice(0, cut);
  if (!head.endsWith('\r\n') || NOT_PLAIN.test(head)) return { text, skipped: 0 };
  // The colours in force where the tail starts, then a new line: the tail's
  // lines then scroll whatever was on screen (the unfinished line too) away.
  return {
    text: `${colourState(head)}\r\n${ERASE_SCROLLBACK}${text.slice(cut)}`,
    skipped: countNewlines(head),
  };
}

/** Where the last `rows` whole lines (and any unfinished one) start; 0 when there are no more lines. */
function tailStart(text: string, rows: number): number {
  let at = text.length;
  // The unfinished last line (no newline yet) belongs to the tail as well.
  for (let n = 0; n <= rows; n += 1) {
    const nl = text.lastIndexOf('\n', at - 1);
    if (nl < 0) return 0;
    at = nl;
  }
  return at + 1;
}

/** The SGR sequences after the last full reset: replaying them gives the same colours. */
function colourState(head: string): string {
  const reset = Math.max(
    head.lastIndexOf('\x1b[0m'),
    head.lastIndexOf('\x1b[m'),
    head.lastIndexOf('\x1b[0;'),
  );
  SGR.lastIndex = Math.max(0, reset);
  let out = '';
  for (let m = SGR.exec(head); m; m = SGR.exec(head)) out += m[0];
  return out;
}
