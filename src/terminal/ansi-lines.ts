// Turns raw pty output into plain text lines: escape sequences removed, CR LF
// and lone CR (progress bars redraw a line) handled, backspaces applied. It is
// streaming because a chunk can end in the middle of an escape sequence or of
// a CR LF pair. Log probes and crash reports read these lines; panes get the raw
// bytes instead.

/** A line longer than this is cut, so one runaway line cannot hold unbounded memory. */
export const MAX_LINE_CHARS = 64 * 1024;

type Mode =
  | 'text'
  /** After ESC. */
  | 'escape'
  /** ESC followed by intermediate bytes, e.g. ESC ( B. */
  | 'escape-intermediate'
  /** ESC [ parameters... final. */
  | 'csi'
  /** OSC, DCS, SOS, PM, APC: runs until BEL or ESC \. */
  | 'string'
  | 'string-escape';

// C0 controls, DEL and the 8-bit CSI/OSC introducers.
const SPECIAL = /[\x00-\x1f\x7f\x9b\x9d]/g;

export class AnsiLineSplitter {
  private mode: Mode = 'text';
  private line = '';
  private pendingCR = false;

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: string): string[] {
    const done: string[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.mode === 'text' && !this.pendingCR) {
        SPECIAL.lastIndex = i;
        const match = SPECIAL.exec(chunk);
        const end = match ? match.index : chunk.length;
        if (end > i) this.append(chunk.slice(i, end), done);
        if (!match) break;
        i = end;
      }
      this.step(chunk.charCodeAt(i), chunk[i] as string, done);
      i += 1;
    }
    return done;
  }

  /** The line being written (no newline yet), e.g. a shell prompt. */
  partial(): string {
    return this.line;
  }

  private append(text: string, done: string[]): void {
    this.line += text;
    while (this.line.length > MAX_LINE_CHARS) {
      done.push(this.line.slice(0, MAX_LINE_CHARS));
      this.line = this.line.slice(MAX_LINE_CHARS);
    }
  }

  private step(code: number, char: string, done: string[]): void {
    switch (this.mode) {
      case 'text':
        if (this.pendingCR) {
          this.pendingCR = false;
          // CR not followed by LF: the line is redrawn from its start. CR CR LF (a
          // program's CR LF after the pty's own CR translation) still ends the line.
          if (code !== 0x0a && code !== 0x0d) this.line = '';
        }
        if (code === 0x0a) {
          done.push(this.line);
          this.line = '';
        } else if (code === 0x0d) this.pendingCR = true;
        else if (code === 0x1b) this.mode = 'escape';
        else if (code === 0x9b) this.mode = 'csi';
        else if (code === 0x9d) this.mode = 'string';
        else if (code === 0x08) this.line = this.line.slice(0, -1);
        else if (code === 0x09) this.append(char, done);
        else if (code >= 0x20 && code !== 0x7f) this.append(char, done);
        return;
      case 'escape':
        if (code === 0x5b) this.mode = 'csi';
        else if (code === 0x5d || code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f)
          this.mode = 'string';
        else if (code >= 0x20 && code <= 0x2f) this.mode = 'escape-intermediate';
        else this.mode = 'text';
        return;
      case 'escape-intermediate':
        if (code < 0x20 || code > 0x2f) this.mode = 'text';
        return;
      case 'csi':
        if (code >= 0x40 && code <= 0x7e) this.mode = 'text';
        return;
      case 'string':
        if (code === 0x07) this.mode = 'text';
        else if (code === 0x1b) this.mode = 'string-escape';
        return;
      case 'string-escape':
        this.mode = code === 0x5c ? 'text' : 'string';
        return;
    }
  }
}

/** Strips escape sequences from a complete string (tests, one-off messages). */
export function stripAnsi(text: string): string {
  const splitter = new AnsiLineSplitter();
  const lines = splitter.push(text);
  lines.push(splitter.partial());
  return lines.join('\n');
}
