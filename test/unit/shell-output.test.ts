// What a step printed, cut out of what the shell's terminal showed: by the
// OSC 133 marks, so the echo of the pasted command never counts, however many
// times the terminal echoed it.
import { describe, expect, it } from 'vitest';
import { stepOutput } from '../../src/engine/shell.js';

const C = '\x1b]133;C\x07';
const D = (status: number) => `\x1b]133;D;${status};1;${status};cat x\x07\x1b]133;A\x07`;
const prompt = 'learner$ ';
const cmd = 'cat "$WORKSPACE/never-written.txt"';
const err = 'cat: /tmp/ws/never-written.txt: No such file or directory';

describe('the output of a step', () => {
  it('is what came between "output starts" and "done"', () => {
    expect(stepOutput(`${cmd}\r\n${C}${err}\r\n${D(1)}${prompt}`, 1)).toBe(err);
  });

  it('leaves out a paste the terminal echoed before readline echoed it again (a loaded machine)', () => {
    const raw = `${cmd}\r\n${prompt}${cmd}\r\n${C}${err}\r\n${D(1)}${prompt}`;
    expect(stepOutput(raw, 1)).toBe(err);
  });

  it('keeps output without a final newline, and every line of a longer one', () => {
    expect(stepOutput(`printf x\r\n${C}x${D(0)}${prompt}`, 1)).toBe('x');
    expect(stepOutput(`seq 3\r\n${C}1\r\n2\r\n3\r\n${D(0)}${prompt}`, 1)).toBe('1\n2\n3');
  });

  it('without an "output starts" mark (bash refused the line), takes the lines between the echo and the prompt', () => {
    const raw = `if then\r\nbash: syntax error near unexpected token \`then'\r\n${D(2)}${prompt}`;
    expect(stepOutput(raw, 1)).toBe("bash: syntax error near unexpected token `then'");
  });
});
