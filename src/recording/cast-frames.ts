// An asciicast of a whole terminal as a list of screens: the output events
// are played into @xterm/headless (the emulator the panes use), and the
// screen is read back as styled runs at most `fps` times a second, only when
// it changed. Long pauses are shortened, as asciinema's idle limit does, so
// a recording of a real run does not show the wait for a slow start.
import xterm from '@xterm/headless';
import type { IBufferCell } from '@xterm/headless';
import type { ParsedCast } from './asciicast.js';

const { Terminal } = xterm;

/** A stretch of one row in one style. Colours are CSS colours; undefined is the terminal's default. */
export interface Run {
  readonly x: number;
  readonly text: string;
  readonly fg: string | undefined;
  readonly bg: string | undefined;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
}

export interface Frame {
  /** Seconds from the start, pauses shortened. */
  readonly time: number;
  readonly rows: readonly (readonly Run[])[];
}

export interface FrameOptions {
  /** Screens a second at most (default 8). */
  readonly fps?: number;
  /** A pause longer than this (seconds) is shortened to it (default 1.5). */
  readonly maxIdle?: number;
}

// The 16 base colours (a calm dark theme), then xterm's 6x6x6 cube and grey ramp.
const BASE16 = [
  '#1c1f24',
  '#e06c75',
  '#98c379',
  '#e5c07b',
  '#61afef',
  '#c678dd',
  '#56b6c2',
  '#abb2bf',
  '#5c6370',
  '#ff7b86',
  '#b5e890',
  '#ffd68a',
  '#82c4ff',
  '#de9bf0',
  '#73d2de',
  '#ffffff',
];
const hex = (n: number): string => n.toString(16).padStart(2, '0');

export function paletteColour(i: number): string {
  if (i < 16) return BASE16[i] ?? '#ffffff';
  if (i < 232) {
    const v = i - 16;
    const level = (c: number): number => (c === 0 ? 0 : 55 + c * 40);
    return `#${hex(level(Math.floor(v / 36)))}${hex(level(Math.floor(v / 6) % 6))}${hex(level(v % 6))}`;
  }
  const g = 8 + (i - 232) * 10;
  return `#${hex(g)}${hex(g)}${hex(g)}`;
}

// Colour modes as @xterm/headless reports them (see terminal/screen-row.ts).
const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;

function cssColour(mode: number, value: number): string | undefined {
  if (mode === CM_P16 || mode === CM_P256) return paletteColour(value);
  if (mode === CM_RGB)
    return `#${hex((value >>> 16) & 0xff)}${hex((value >>> 8) & 0xff)}${hex(value & 0xff)}`;
  return undefined;
}

export const DEFAULT_FG = '#d7dae0';
export const DEFAULT_BG = '#1c1f24';

function readRows(term: InstanceType<typeof Terminal>, cell: IBufferCell): Run[][] {
  const buffer = term.buffer.active;
  const rows: Run[][] = [];
  for (let y = 0; y < term.rows; y += 1) {
    const line = buffer.getLine(buffer.viewportY + y);
    const runs: Run[] = [];
    let cur: (Omit<Run, 'text'> & { text: string }) | undefined;
    for (let x = 0; line && x < term.cols; x += 1) {
      if (!line.getCell(x, cell) || cell.getWidth() === 0) continue;
      let fg = cssColour(cell.getFgColorMode(), cell.getFgColor());
      let bg = cssColour(cell.getBgColorMode(), cell.getBgColor());
      if (cell.isInverse()) [fg, bg] = [bg ?? DEFAULT_BG, fg ?? DEFAULT_FG];
      const style = {
        fg,
        bg,
        bold: cell.isBold() !== 0,
        dim: cell.isDim() !== 0,
        italic: cell.isItalic() !== 0,
        underline: cell.isUnderline() !== 0,
      };
      const chars = cell.getChars() || ' ';
      const same =
        cur &&
        cur.fg === style.fg &&
        cur.bg === style.bg &&
        cur.bold === style.bold &&
        cur.dim === style.dim &&
        cur.italic === style.italic &&
        cur.underline === style.underline;
      if (cur && same) cur.text += chars;
      else {
        if (cur) runs.push(cur);
        cur = { x, text: chars, ...style };
      }
    }
    if (cur) runs.push(cur);
    rows.push(runs);
  }
  return rows;
}

/** The screens of a cast, in time order; the first is the screen after the first output. */
export async function castFrames(cast: ParsedCast, opts: FrameOptions = {}): Promise<Frame[]> {
  const header = cast.header;
  if (!header) throw new Error('the recording has no asciicast header');
  const term = new Terminal({
    cols: header.width,
    rows: header.height,
    allowProposedApi: true,
    scrollback: 0,
  });
  const cell = term.buffer.active.getNullCell();
  const step = 1 / (opts.fps ?? 8);
  const maxIdle = opts.maxIdle ?? 1.5;
  const write = (data: string): Promise<void> => new Promise((resolve) => term.write(data, resolve));
  const frames: Frame[] = [];
  let lastKey = '';
  let shift = 0;
  let lastTime = 0;
  let due = -Infinity;
  let written = false;
  const snap = (time: number): void => {
    const rows = readRows(term, cell);
    const key = JSON.stringify(rows);
    if (key === lastKey) return;
    lastKey = key;
    frames.push({ time, rows });
  };
  for (const e of cast.events) {
    if (e.code === 'r') {
      const [c, r] = e.data.split('x').map(Number);
      if (c && r) term.resize(c, r);
      continue;
    }
    if (e.code !== 'o') continue;
    // Shorten a long pause: everything after it moves earlier.
    if (e.time - shift - lastTime > maxIdle) shift = e.time - lastTime - maxIdle;
    const time = e.time - shift;
    // Due for a screen: the one every event so far made, at the time of the last of them.
    if (time >= due && written) snap(lastTime);
    await write(e.data);
    written = true;
    lastTime = time;
    if (time >= due) due = time + step;
  }
  snap(lastTime);
  term.dispose();
  return frames;
}
