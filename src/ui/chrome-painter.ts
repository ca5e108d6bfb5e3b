// Paints the chrome (chapter list, lesson, pane titles, tabs, separators,
// status, footer, overlays) as one string per screen row: each region's lines
// at the region's place, cut at its right edge with "…". It draws what the Ink
// component in Chrome.tsx draws, cell for cell (test/unit/ui-painter.test.ts
// holds the two side by side), without a layout engine or a React tree: Ink's
// first frame alone took most of the UI's start-up budget and each later one
// ~10 ms, for rectangles that layout.ts has already computed.
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import type { ChromeModel } from './Chrome.js';
import type { Rect } from './layout.js';
import { stripColour } from './theme.js';

const RESET = '\x1b[0m';
const ELLIPSIS = '…';
const SEPARATOR = '\x1b[2m│\x1b[0m';
const ESCAPE = /\x1b\[[0-9;:]*[A-Za-z]/y;

interface Segment {
  readonly x: number;
  readonly text: string;
  readonly width: number;
}

/** Columns a styled string takes on a terminal. */
export function displayWidth(s: string): number {
  return stringWidth(s.includes('\x1b') ? stripVTControlCharacters(s) : s);
}

/** The string cut to `width` columns with "…" as its last one when it is wider; styles kept. */
export function truncateEnd(s: string, width: number): { text: string; width: number } {
  const full = displayWidth(s);
  if (full <= width) return { text: s, width: full };
  if (width <= 0) return { text: '', width: 0 };
  let out = '';
  let used = 0;
  for (let i = 0; i < s.length;) {
    ESCAPE.lastIndex = i;
    const esc = ESCAPE.exec(s);
    if (esc) {
      out += esc[0];
      i += esc[0].length;
      continue;
    }
    const cp = s.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
    i += ch.length;
  }
  // The ellipsis in the style of the text it ends, as Ink (cli-truncate) draws it.
  return { text: `${out}${ELLIPSIS}${RESET}`, width: used + 1 };
}

export class ChromePainter {
  constructor(private readonly color: boolean) {}

  /** One string per screen row, trailing blanks left out. */
  render(model: ChromeModel): string[] {
    const { layout } = model;
    const rows: Segment[][] = Array.from({ length: layout.rows }, () => []);
    const region = (rect: Rect | undefined, lines: readonly string[] | undefined): void => {
      if (!rect || !lines || rect.w <= 0 || rect.h <= 0) return;
      lines.slice(0, rect.h).forEach((line, i) => {
        const cut = truncateEnd(line === '' ? ' ' : line, rect.w);
        rows[rect.y + i]?.push({ x: rect.x, ...cut });
      });
    };
    // The same regions in the same order as Chrome.tsx.
    if (model.overlay) region(layout.overlay, model.overlay);
    if (model.chapterList) region(layout.chapterList, model.chapterList);
    region(layout.lesson, model.lesson);
    for (const r of layout.separators)
      region(
        r,
        Array.from({ length: r.h }, () => SEPARATOR),
      );
    if (model.tabs !== undefined) region(layout.tabs, [model.tabs]);
    for (const t of model.paneTitles) region(t.rect, [t.text]);
    region(layout.status, [model.status]);
    region(layout.footer, [model.footer]);
    return rows.map((segs) => this.row(segs));
  }

  /** Kept for the loop's interface; a painter holds nothing to release. */
  dispose(): void {}

  private row(segs: Segment[]): string {
    segs.sort((a, b) => a.x - b.x);
    let out = '';
    let at = 0;
    for (const s of segs) {
      // Regions do not overlap (layout.ts); a segment that would is drawn where the last one ended.
      if (s.x > at) out += ' '.repeat(s.x - at);
      out += s.text.includes('\x1b') ? `${s.text}${RESET}` : s.text;
      at = Math.max(at, s.x) + s.width;
    }
    const row = out.replace(/ +$/, '');
    return this.color ? row : stripColour(row);
  }
}
