// One row of a headless terminal buffer as a string of exactly `width`
// columns with SGR attributes, ready to be written at a pane's position.
// This is the only place that reads cells: panes never go through a layout
// engine's string handling (tokenizing and slicing cost ~30x tmux's CPU).
import type { IBufferCell, IBufferLine } from '@xterm/headless';

/** Columns [from, to) drawn in reverse video: a copy-mode selection or search match. */
export interface RowMark {
  readonly from: number;
  readonly to: number;
}

const RESET = '\x1b[0m';

// Colour modes as @xterm/headless reports them in getFgColorMode()/getBgColorMode().
const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;

const enum Flag {
  bold = 1,
  dim = 2,
  italic = 4,
  underline = 8,
  blink = 16,
  inverse = 32,
  invisible = 64,
  strike = 128,
  overline = 256,
}

function flagsOf(cell: IBufferCell): number {
  if (cell.isAttributeDefault()) return 0;
  return (
    (cell.isBold() ? Flag.bold : 0) |
    (cell.isDim() ? Flag.dim : 0) |
    (cell.isItalic() ? Flag.italic : 0) |
    (cell.isUnderline() ? Flag.underline : 0) |
    (cell.isBlink() ? Flag.blink : 0) |
    (cell.isInverse() ? Flag.inverse : 0) |
    (cell.isInvisible() ? Flag.invisible : 0) |
    (cell.isStrikethrough() ? Flag.strike : 0) |
    (cell.isOverline() ? Flag.overline : 0)
  );
}

function colour(mode: number, value: number, base: 30 | 40): string {
  switch (mode) {
    case CM_P16:
      return value < 8 ? `;${base + value}` : `;${base + 60 + value - 8}`;
    case CM_P256:
      return `;${base + 8};5;${value}`;
    case CM_RGB:
      return `;${base + 8};2;${(value >>> 16) & 0xff};${(value >>> 8) & 0xff};${value & 0xff}`;
    default:
      return '';
  }
}

/** The SGR sequence for a full attribute state, starting from a reset. */
export function sgr(fgMode: number, fg: number, bgMode: number, bg: number, flags: number): string {
  let s = '\x1b[0';
  if (flags & Flag.bold) s += ';1';
  if (flags & Flag.dim) s += ';2';
  if (flags & Flag.italic) s += ';3';
  if (flags & Flag.underline) s += ';4';
  if (flags & Flag.blink) s += ';5';
  if (flags & Flag.inverse) s += ';7';
  if (flags & Flag.invisible) s += ';8';
  if (flags & Flag.strike) s += ';9';
  if (flags & Flag.overline) s += ';53';
  return `${s}${colour(fgMode, fg, 30)}${colour(bgMode, bg, 40)}m`;
}

function marked(marks: readonly RowMark[] | undefined, x: number): boolean {
  if (!marks) return false;
  for (const m of marks) if (x >= m.from && x < m.to) return true;
  return false;
}

/**
 * Serializes `line` into exactly `width` columns. `cell` is a scratch cell
 * (buffer.getNullCell()) reused across calls so a frame allocates no cells.
 * Wide characters that would cross the right edge become a space.
 */
export function renderRow(
  line: IBufferLine | undefined,
  width: number,
  cell: IBufferCell,
  marks?: readonly RowMark[],
): string {
  let out = RESET;
  let col = 0;
  // -1: no attributes emitted yet (RESET is the state).
  let fgMode = 0;
  let fg = 0;
  let bgMode = 0;
  let bg = 0;
  let flags = 0;
  if (line) {
    const end = Math.min(width, line.length);
    for (let x = 0; x < end; x += 1) {
      if (!line.getCell(x, cell)) break;
      const w = cell.getWidth();
      if (w === 0) continue; // the right half of a wide character
      let f = flagsOf(cell);
      if (marked(marks, x)) f ^= Flag.inverse;
      const cfm = cell.getFgColorMode();
      const cf = cfm ? cell.getFgColor() : 0;
      const cbm = cell.getBgColorMode();
      const cb = cbm ? cell.getBgColor() : 0;
      if (cfm !== fgMode || cf !== fg || cbm !== bgMode || cb !== bg || f !== flags) {
        out += sgr(cfm, cf, cbm, cb, f);
        fgMode = cfm;
        fg = cf;
        bgMode = cbm;
        bg = cb;
        flags = f;
      }
      if (col + w > width) break;
      const chars = cell.getChars();
      out += chars === '' ? ' ' : chars;
      col += w;
    }
  }
  if (col < width) {
    // The rest of the row: default attributes, except where a mark covers it.
    const tailMarked = marks?.some((m) => m.to > col);
    if (!tailMarked) {
      if (fgMode || bgMode || flags) out += RESET;
      out += ' '.repeat(width - col);
    } else {
      for (; col < width; col += 1) {
        const f = marked(marks, col) ? Flag.inverse : 0;
        if (f !== flags || fgMode || bgMode) {
          out += sgr(0, 0, 0, 0, f);
          fgMode = 0;
          bgMode = 0;
          flags = f;
        }
        out += ' ';
      }
    }
  }
  return out + RESET;
}
