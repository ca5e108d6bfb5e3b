// Screens (cast-frames.ts) as SVG: one screen as a still picture, or all of
// them as an animation that plays in a README (an <img> runs no script, so
// the animation is CSS: the frames sit one under another and a keyframe
// animation moves each into the window in turn, the way svg-term does it).
// A row that appears in several frames is drawn once and reused, and every
// run of text is stretched to its exact columns (textLength), so box drawing
// lines up whatever monospace font the viewer has.
import { DEFAULT_BG, DEFAULT_FG, type Frame, type Run } from './cast-frames.js';

export interface SvgOptions {
  readonly cols: number;
  readonly rows: number;
  /** Font size in pixels (default 14); a cell is 0.6 of it wide and 1.25 of it high. */
  readonly fontSize?: number;
  /** Seconds the last frame stays before the animation starts again (default 4). */
  readonly hold?: number;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number): string => String(Math.round(n * 100) / 100);

interface Geometry {
  readonly cw: number;
  readonly lh: number;
  readonly font: number;
  readonly width: number;
  readonly height: number;
}

function geometry(o: SvgOptions): Geometry {
  const font = o.fontSize ?? 14;
  const cw = font * 0.6;
  const lh = Math.round(font * 1.25);
  return { cw, lh, font, width: Math.ceil(o.cols * cw), height: o.rows * lh };
}

/** One row's drawing: background rectangles, then the text runs, at y = 0. */
function rowSvg(runs: readonly Run[], g: Geometry): string {
  let out = '';
  for (const r of runs) {
    const len = [...r.text].length;
    if (r.bg && r.bg !== DEFAULT_BG)
      out += `<rect x="${num(r.x * g.cw)}" width="${num(len * g.cw)}" height="${g.lh}" fill="${r.bg}"/>`;
  }
  for (const r of runs) {
    const text = r.text.replace(/\s+$/, '');
    const lead = text.length - text.trimStart().length;
    const body = text.slice(lead);
    if (!body) continue;
    const cols = [...body].length;
    const attrs = [
      `x="${num((r.x + lead) * g.cw)}"`,
      `y="${num(g.lh * 0.8)}"`,
      `textLength="${num(cols * g.cw)}"`,
      r.fg && r.fg !== DEFAULT_FG ? `fill="${r.fg}"` : '',
      r.bold ? 'font-weight="bold"' : '',
      r.dim ? 'opacity="0.6"' : '',
      r.italic ? 'font-style="italic"' : '',
      r.underline ? 'text-decoration="underline"' : '',
    ].filter(Boolean);
    out += `<text ${attrs.join(' ')}>${escape(body)}</text>`;
  }
  return out;
}

function head(g: Geometry, extraStyle = ''): string {
  return (
    // The default text colour is inherited from the root: a CSS fill on text would beat each run's own fill.
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" fill="${DEFAULT_FG}">` +
    `<style>text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace;font-size:${g.font}px;white-space:pre}${extraStyle}</style>` +
    `<rect width="100%" height="100%" fill="${DEFAULT_BG}"/>`
  );
}

/** One screen as a picture. */
export function screenSvg(frame: Frame, o: SvgOptions): string {
  const g = geometry(o);
  const rows = frame.rows
    .map((runs, y) => (runs.length ? `<g transform="translate(0 ${y * g.lh})">${rowSvg(runs, g)}</g>` : ''))
    .join('');
  return `${head(g)}${rows}</svg>\n`;
}

/** Every screen in turn, at its time, looping. */
export function animatedSvg(frames: readonly Frame[], o: SvgOptions): string {
  if (!frames.length) throw new Error('there are no screens to animate');
  const g = geometry(o);
  const hold = o.hold ?? 4;
  const total = (frames[frames.length - 1]?.time ?? 0) + hold;
  const ids = new Map<string, string>();
  let defs = '';
  const idOf = (runs: readonly Run[]): string => {
    const key = JSON.stringify(runs);
    let id = ids.get(key);
    if (!id) {
      id = `r${ids.size.toString(36)}`;
      ids.set(key, id);
      defs += `<g id="${id}">${rowSvg(runs, g)}</g>`;
    }
    return id;
  };
  let body = '';
  frames.forEach((f, i) => {
    const top = i * g.height;
    f.rows.forEach((runs, y) => {
      if (runs.some((r) => r.text.trim() || (r.bg && r.bg !== DEFAULT_BG)))
        body += `<use xlink:href="#${idOf(runs)}" y="${top + y * g.lh}"/>`;
    });
  });
  // steps(1, end): each frame stays until the next keyframe, no sliding between them.
  const keyframes = frames
    .map((f, i) => `${num((f.time / total) * 100)}%{transform:translateY(-${i * g.height}px)}`)
    .join('');
  const style = `.film{animation:play ${num(total)}s steps(1,end) infinite}@keyframes play{${keyframes}100%{transform:translateY(-${(frames.length - 1) * g.height}px)}}`;
  return `${head(g, style)}<defs>${defs}</defs><g class="film">${body}</g></svg>\n`;
}
