import { describe, expect, it } from 'vitest';
import { AnsiLineSplitter, MAX_LINE_CHARS, stripAnsi } from '../../src/terminal/ansi-lines.js';
import { LineRing, OutputHistory } from '../../src/terminal/output-history.js';

describe('AnsiLineSplitter', () => {
  it('removes colour, cursor and title sequences', () => {
    expect(stripAnsi('\x1b[1;32mok\x1b[0m \x1b]0;title\x07done\x1b[2K\x1b(B!')).toBe('ok done!');
  });

  it('joins escape sequences and CR LF pairs split across chunks', () => {
    const splitter = new AnsiLineSplitter();
    expect(splitter.push('he\x1b[3')).toEqual([]);
    expect(splitter.push('1mllo\r')).toEqual([]);
    expect(splitter.push('\nwor')).toEqual(['hello']);
    expect(splitter.push('ld\x1b]8;;http://x\x1b')).toEqual([]);
    expect(splitter.push('\\link\r\n')).toEqual(['worldlink']);
  });

  it('treats a lone CR as a redraw of the line, and applies backspace', () => {
    const splitter = new AnsiLineSplitter();
    expect(splitter.push('10%\r50%\r100%\r\nab\bc\n')).toEqual(['100%', 'ac']);
  });

  it('ends a line at CR CR LF (a program printing CR LF through a pty), even split across chunks', () => {
    const splitter = new AnsiLineSplitter();
    expect(splitter.push('serving client traffic\r\r\nnext\r')).toEqual(['serving client traffic']);
    expect(splitter.push('\r\n')).toEqual(['next']);
  });

  it('keeps the unfinished line as partial (a prompt)', () => {
    const splitter = new AnsiLineSplitter();
    splitter.push('line\r\n\x1b[01;34m$ \x1b[0m');
    expect(splitter.partial()).toBe('$ ');
  });

  it('cuts a runaway line', () => {
    const splitter = new AnsiLineSplitter();
    const lines = splitter.push('x'.repeat(MAX_LINE_CHARS * 2 + 5));
    expect(lines.map((l) => l.length)).toEqual([MAX_LINE_CHARS, MAX_LINE_CHARS]);
    expect(splitter.partial()).toHaveLength(5);
  });
});

describe('LineRing', () => {
  it('keeps the newest lines within the line bound', () => {
    const ring = new LineRing(3, 1_000);
    for (let i = 0; i < 10; i += 1) ring.push(`l${i}`);
    expect(ring.last()).toEqual(['l7', 'l8', 'l9']);
    expect(ring.last(2)).toEqual(['l8', 'l9']);
  });

  it('keeps the newest lines within the character bound', () => {
    const ring = new LineRing(100, 10);
    for (const line of ['aaaa', 'bbbb', 'cccc', 'dd', 'e']) ring.push(line);
    expect(ring.last()).toEqual(['cccc', 'dd', 'e']);
  });
});

describe('OutputHistory', () => {
  it('returns plain recent lines including the unfinished one', () => {
    const history = new OutputHistory({ maxLines: 2, maxChars: 1_000, maxRawChars: 1_000 });
    history.push('\x1b[31mone\x1b[0m\r\ntwo\r\nthree\r\nfour');
    expect(history.recentLines()).toEqual(['two', 'three', 'four']);
    expect(history.recentLines(2)).toEqual(['three', 'four']);
    expect(history.recentLines(0)).toEqual([]);
  });

  it('keeps the raw tail bounded, cut at a line start', () => {
    const history = new OutputHistory({ maxLines: 10, maxChars: 1_000, maxRawChars: 100 });
    for (let i = 0; i < 50; i += 1) history.push(`\x1b[1mline ${i}\x1b[0m\r\n`);
    const raw = history.raw();
    expect(raw.length).toBeLessThanOrEqual(100);
    expect(raw.startsWith('\x1b[1mline ')).toBe(true);
    expect(raw.endsWith('line 49\x1b[0m\r\n')).toBe(true);
  });
});
