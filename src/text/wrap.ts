// Text in a terminal column without losing a character: prose breaks at
// spaces; a preformatted line (a command, a diagram row, YAML) stays as it is
// when it fits and otherwise breaks at a space with a visible mark, so the
// learner sees that it goes on and can read it exactly as it will run. Only
// a word longer than a whole line breaks inside, after a "/", "=" or the
// like, and with the same mark. Pure, plain text in and out (styling comes
// after), used by the lesson view, the presenter's stage and notes terminal.

/** Ends a line that goes on in the next one (which may be indented for layout). */
export const CONTINUED = '↩';

/** Columns a plain string takes: one per code point (lessons use no double-width characters). */
export function columns(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

const chars = (s: string): string[] => [...s];

// Where a too-long word may break: after path and option separators first, then after word joiners.
const STRONG_BREAK = new Set(['/', '=', ',', ':', ';', '&', '|', '?']);
const WEAK_BREAK = new Set(['-', '.', '_', '@']);

/**
 * A word longer than `width` as pieces that fit: every piece but the last
 * is followed by CONTINUED (and is one column shorter for it).
 */
export function splitWord(word: string, width: number): string[] {
  const w = Math.max(2, width);
  const out: string[] = [];
  let rest = chars(word);
  while (rest.length > w) {
    const room = w - 1;
    let cut = -1;
    // The latest separator in the second half of the room, strong ones first.
    for (const set of [STRONG_BREAK, WEAK_BREAK]) {
      for (let i = room; i >= Math.ceil(room / 2) && cut < 0; i -= 1) if (set.has(rest[i - 1] ?? '')) cut = i;
      if (cut > 0) break;
    }
    if (cut < 0) cut = room;
    out.push(rest.slice(0, cut).join('') + CONTINUED);
    rest = rest.slice(cut);
  }
  out.push(rest.join(''));
  return out;
}

/**
 * Sentences wrapped at spaces into lines of at most `width` columns. Each
 * line of `text` is wrapped on its own, keeping its indent as a hanging
 * indent; a word longer than a line is split with splitWord.
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  for (const para of text.replace(/\s+$/, '').split('\n')) {
    const indent = /^\s*/.exec(para)?.[0] ?? '';
    const room = Math.max(4, w - columns(indent));
    let line = '';
    const flush = (): void => {
      out.push(indent + line);
      line = '';
    };
    for (const word of para.trim().split(/\s+/).filter(Boolean)) {
      const pieces = columns(word) > room ? splitWord(word, room) : [word];
      for (const piece of pieces) {
        if (line && columns(line) + 1 + columns(piece) > room) flush();
        line = line ? `${line} ${piece}` : piece;
        if (piece.endsWith(CONTINUED)) flush();
      }
    }
    if (line || out.length === 0 || para.trim() === '') flush();
  }
  return out;
}

/**
 * One preformatted line in lines of at most `width` columns. As it is when it
 * fits. Otherwise it breaks after a space (the space stays on the first
 * line, then CONTINUED), and the rest continues indented two columns more
 * than the line, so joining a marked line with the next one (its indent
 * removed) gives back the original: every word, and every space but those of
 * a run too wide for the line.
 */
export function wrapPreLine(line: string, width: number): string[] {
  const w = Math.max(8, width);
  if (columns(line) <= w) return [line];
  const cs = chars(line);
  const indent = cs.findIndex((c) => c !== ' ');
  const contIndent = Math.min(Math.max(0, indent) + 2, Math.floor(w / 3));
  const out: string[] = [];
  let rest = cs;
  let lineW = w;
  let lead = '';
  for (;;) {
    // Indented past the line's room (only in a very narrow column): the indent goes, the words stay.
    if (rest.findIndex((c) => c !== ' ') > lineW - 4) while (rest[0] === ' ') rest = rest.slice(1);
    if (rest.length <= lineW) {
      out.push(lead + rest.join(''));
      return out;
    }
    const room = lineW - 1;
    const content = rest.findIndex((c) => c !== ' ');
    // The last space before a word, else (a run of spaces wider than the line) the last space.
    let cut = -1;
    for (let i = room - 1; i > content && cut < 0; i -= 1)
      if (rest[i] === ' ' && rest[i + 1] !== ' ') cut = i + 1;
    for (let i = room - 1; i > content && cut < 0; i -= 1) if (rest[i] === ' ') cut = i + 1;
    if (cut > 0) {
      out.push(lead + rest.slice(0, cut).join('') + CONTINUED);
      // Spaces that did not fit before the mark go (words never do).
      rest = rest.slice(cut);
      while (rest[0] === ' ') rest = rest.slice(1);
    } else {
      // One word fills the line: break it (at a separator when there is one), leading spaces kept.
      const start = Math.max(0, content);
      const end = rest.indexOf(' ', start) < 0 ? rest.length : rest.indexOf(' ', start);
      const word = rest.slice(start, end).join('');
      // A word that just fits leaves no room for the space and mark after it: it breaks too.
      const first = splitWord(word, Math.min(lineW - start, columns(word) - 1))[0] ?? '';
      out.push(lead + rest.slice(0, start).join('') + first);
      rest = rest.slice(start + columns(first) - 1);
    }
    lead = ' '.repeat(contIndent);
    lineW = w - contIndent;
  }
}

/** Every line of a preformatted text through wrapPreLine. */
export function wrapPre(text: string, width: number): string[] {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .flatMap((l) => wrapPreLine(l.replace(/\r$/, ''), width));
}

/** Joins each line that ends with CONTINUED to the next (without its indent): the text before wrapping. */
export function unwrap(lines: readonly string[]): string[] {
  const out: string[] = [];
  let carry: string | undefined;
  for (const line of lines) {
    const text = carry === undefined ? line : carry + line.replace(/^ +/, '');
    if (text.endsWith(CONTINUED)) carry = text.slice(0, -CONTINUED.length);
    else {
      out.push(text);
      carry = undefined;
    }
  }
  if (carry !== undefined) out.push(carry);
  return out;
}
