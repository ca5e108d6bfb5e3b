// Jump scroll leaves lines out only where the screen ends the same, and copy
// mode still finds every line: the screen after a flood is compared with an
// emulator that parsed all of it, and the history is searched.
import { describe, expect, it } from 'vitest';
import { jumpScroll } from '../../src/terminal/jump-scroll.js';
import { RawRing } from '../../src/terminal/raw-ring.js';
import { PaneScreen } from '../../src/terminal/screen.js';
import { enterCopy, search } from '../../src/ui/copy-mode.js';

const line = (n: number): string => `\x1b[3${n % 7}mline ${n}\x1b[0m ${'x'.repeat(n % 50)}\r\n`;
const lines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) => line(from + i)).join('');

/** A screen someone draws frames of (the screen loop listens): output waits for catchUp. */
function watched(s: PaneScreen): PaneScreen {
  s.onChange(() => undefined);
  return s;
}

async function rows(s: PaneScreen): Promise<string[]> {
  await s.flush();
  return Array.from({ length: s.rows }, (_, y) => s.renderRow(y, s.cols));
}

/** The same output into a screen that parses every byte (written in small pieces) and one that may jump. */
async function both(
  chunks: string[],
  cols = 40,
  rows_ = 10,
): Promise<{ full: string[]; jumped: PaneScreen }> {
  const full = new PaneScreen({ cols, rows: rows_ });
  for (const c of chunks) {
    full.write(c);
    await full.flush();
  }
  const jumped = watched(new PaneScreen({ cols, rows: rows_ }));
  for (const c of chunks) jumped.write(c);
  jumped.catchUp(rows_);
  return { full: await rows(full), jumped };
}

describe('jump scroll', () => {
  it('leaves out all but the last screenful of a flood of plain lines', () => {
    const j = jumpScroll([lines(0, 1000)], 20);
    // 20 whole lines stay (980-999), and the empty line the cursor is on.
    expect(j.skipped).toBe(980);
    expect(j.chunks.join('')).toContain('line 980\x1b');
    expect(j.chunks.join('')).not.toContain('line 979\x1b');
  });

  it('keeps the colour in force where it cuts', () => {
    const j = jumpScroll(['\x1b[1;32mgreen from here\r\n', 'more\r\n'.repeat(50), 'tail'], 5);
    expect(j.skipped).toBeGreaterThan(0);
    expect(j.chunks[0]).toBe('\x1b[1;32m\r\n');
  });

  it('parses everything when the lines move the cursor, set modes or come from a full-screen program', () => {
    for (const odd of ['\x1b[2J', '\x1b[?1049h', '\x1b]0;title\x07', '\x1b[5;1H', '\x0e', '\x1bM']) {
      const text = `${lines(0, 100)}${odd}${lines(100, 200)}`;
      expect(jumpScroll([text], 10).skipped).toBe(0);
      // Also when the pty's read cut the sequence in two.
      const at = text.indexOf(odd) + 2;
      expect(jumpScroll([text.slice(0, at), text.slice(at)], 10).skipped).toBe(0);
    }
  });

  it('ends on the same screen as parsing every line, across chunk edges and unfinished lines', async () => {
    const text = `start ${lines(0, 700)}unfinished`;
    const chunks = [];
    for (let i = 0; i < text.length; i += 777) chunks.push(text.slice(i, i + 777));
    const { full, jumped } = await both(chunks);
    expect(jumped.skippedLines).toBeGreaterThan(650);
    expect(await rows(jumped)).toEqual(full);
  });

  it('leaves copy mode every line, skipped or not, and searches all of them', async () => {
    const s = watched(new PaneScreen({ cols: 60, rows: 10 }));
    s.write(lines(0, 3000));
    s.catchUp(10);
    await s.flush();
    expect(s.skippedLines).toBeGreaterThan(2900);
    await s.openHistory();
    expect(s.length).toBeGreaterThanOrEqual(3000);
    const found = search(enterCopy('p', s), s, 'line 7 ', true);
    expect(found.message).toBeUndefined();
    expect(s.lineText(found.copy.cursor)).toMatch(/^line 7 x{7}$/);
    s.closeHistory();
    expect(s.historyOpen).toBe(false);
    // The last line printed, above the (empty) line the cursor is on.
    expect(s.renderRow(8, 60)).toContain('line 2999');
  });
});

describe('the raw history', () => {
  it('keeps the newest output within its bounds and starts at a line start', () => {
    const r = new RawRing({ maxChars: 1000, maxLines: 20 });
    for (let i = 0; i < 100; i += 1) r.push(line(i));
    const text = r.text();
    expect(text.startsWith('\x1b[3')).toBe(true);
    expect(text).toContain('line 99');
    expect(r.lineCount).toBeLessThanOrEqual(20);
    expect(r.size).toBeLessThanOrEqual(1000);
  });

  it('cuts one chunk bigger than the bound to its end', () => {
    const r = new RawRing({ maxChars: 100 });
    r.push('a'.repeat(50));
    r.push(`${'b'.repeat(300)}\nc`);
    expect(r.text()).toBe('c');
  });
});
