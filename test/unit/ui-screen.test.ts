import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PaneScreen } from '../../src/terminal/screen.js';
import { Compositor } from '../../src/ui/compositor.js';
import { enterCopy, moveCursor, rowMarks, search, selectedText } from '../../src/ui/copy-mode.js';

async function screenWith(text: string, cols = 20, rows = 5, scrollback = 100): Promise<PaneScreen> {
  const s = new PaneScreen({ cols, rows, scrollback });
  s.write(text);
  await s.flush();
  return s;
}

describe('PaneScreen', () => {
  it('renders rows exactly pane-wide, with colours', async () => {
    const s = await screenWith('\x1b[31mred\x1b[0m plain\r\n\x1b[1;44mbold\x1b[0m');
    const row = s.renderRow(0, 20);
    expect(stripVTControlCharacters(row)).toBe('red plain'.padEnd(20));
    expect(row).toContain('\x1b[0;31mred');
    expect(s.renderRow(1, 20)).toContain('\x1b[0;1;44mbold');
    // Wider than the emulator (a resize not yet applied): still exactly the width asked for.
    expect(stripVTControlCharacters(s.renderRow(0, 30))).toHaveLength(30);
  });

  it('keeps wide characters inside the width', async () => {
    const s = await screenWith('ab日本');
    expect(stripVTControlCharacters(s.renderRow(0, 20))).toBe(`ab日本${' '.repeat(14)}`);
    expect(stripVTControlCharacters(s.renderRow(0, 5))).toBe('ab日 ');
  });

  it('tracks the cursor, its visibility and the modes keys depend on', async () => {
    const s = await screenWith('hello\x1b[?25l\x1b[?1h\x1b[?2004h');
    expect(s.cursor()).toEqual({ x: 5, y: 0, visible: false });
    expect(s.modes).toEqual({ applicationCursorKeys: true, bracketedPaste: true });
    s.write('\x1b[?25h');
    await s.flush();
    expect(s.cursor()?.visible).toBe(true);
  });

  it('answers the program’s cursor-position query', async () => {
    const replies: string[] = [];
    const s = new PaneScreen({ cols: 20, rows: 5, reply: (d) => replies.push(d) });
    s.write('abc\x1b[6n');
    await s.flush();
    expect(replies.join('')).toBe('\x1b[1;4R');
  });

  it('reflows on resize and reports each change', async () => {
    const s = await screenWith('0123456789abcdefghij', 20, 5);
    let changes = 0;
    s.onChange(() => (changes += 1));
    s.resize(10, 5);
    expect(s.cols).toBe(10);
    expect(changes).toBe(1);
    expect(s.lineText(s.viewTop)).toBe('0123456789');
  });
});

describe('copy mode', () => {
  it('scrolls back, searches newest first and copies lines', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}${i === 7 ? ' needle' : ''}`);
    const s = await screenWith(lines.join('\r\n'), 20, 5);
    let c = enterCopy('p', s);
    expect(s.lineText(c.cursor)).toBe('line 29');
    const found = search(c, s, 'NEEDLE'.toLowerCase(), true);
    c = found.copy;
    expect(s.lineText(c.cursor)).toBe('line 7 needle');
    expect(s.scrolledBack).toBeGreaterThan(0);
    c = moveCursor({ ...c, anchor: c.cursor }, s, 2);
    expect(selectedText(c, s)).toBe('line 7 needle\nline 8\nline 9');
    expect(rowMarks(c, s, c.cursor - s.viewTop)).toEqual([{ from: 0, to: 20 }]);
    expect(search(c, s, 'nowhere', true).message).toBe('not found: nowhere');
  });
});

describe('Compositor', () => {
  const source = (rows: string[], version = 1) => ({
    version,
    renderRow: (y: number, w: number) => (rows[y] ?? '').padEnd(w).slice(0, w),
    cursor: () => ({ x: 0, y: 0, visible: true }),
  });

  it('draws everything once, then only what changed', () => {
    const c = new Compositor(3);
    const body = { x: 5, y: 1, w: 4, h: 2 };
    const first = c.frame({
      chrome: ['title', '', 'foot'],
      panes: [{ name: 'p', body, source: source(['ab', 'cd']) }],
      cursor: undefined,
      applicationCursorKeys: false,
    });
    expect(first).toContain('\x1b[2J');
    expect(first).toContain('\x1b[2;6Hab  ');
    const same = c.frame({
      chrome: ['title', '', 'foot'],
      panes: [{ name: 'p', body, source: source(['ab', 'cd']) }],
      cursor: undefined,
      applicationCursorKeys: false,
    });
    expect(same).toBe('');
    const next = c.frame({
      chrome: ['title', '', 'foot'],
      panes: [{ name: 'p', body, source: source(['ab', 'CD'], 2) }],
      cursor: { x: 6, y: 2 },
      applicationCursorKeys: true,
    });
    expect(next).not.toContain('ab');
    expect(next).toContain('\x1b[3;6HCD  ');
    expect(next).not.toContain('title');
    expect(next).toContain('\x1b[?1h');
    expect(next.endsWith('\x1b[3;7H\x1b[?25h\x1b[?2026l')).toBe(true);
  });

  it('redraws a row whose chrome changed, with the pane over it', () => {
    const c = new Compositor(2);
    const body = { x: 2, y: 0, w: 2, h: 1 };
    const pane = { name: 'p', body, source: source(['xy']) };
    c.frame({ chrome: ['a', 'b'], panes: [pane], cursor: undefined, applicationCursorKeys: false });
    const out = c.frame({
      chrome: ['A', 'b'],
      panes: [pane],
      cursor: undefined,
      applicationCursorKeys: false,
    });
    expect(out).toContain('\x1b[1;1H\x1b[0m\x1b[2KA\x1b[1;3Hxy');
    expect(out).not.toContain('\x1b[2;1H');
  });
});
