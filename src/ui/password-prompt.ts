// The keys of the sudo password prompt (components/PasswordPrompt.tsx draws
// it): one masked line, Enter to give it, Esc to decline. What is typed lives
// only here until Enter, is never drawn, and is handed to sudo, not stored.
import type { PromptState } from './workshop-state.js';

export class PasswordPrompt {
  private typed = '';
  private settled = false;

  constructor(
    readonly why: string,
    readonly retry: boolean,
    private readonly resolve: (answer: string | undefined) => void,
  ) {}

  /** Raw terminal input; returns true once the prompt is answered or declined. */
  feed(chunk: string): boolean {
    if (this.settled) return true;
    // An escape sequence (arrows, function keys) is not part of a password.
    if (chunk.startsWith('\x1b') && chunk.length > 1) return false;
    for (const ch of chunk) {
      if (ch === '\r' || ch === '\n') return this.settle(this.typed);
      if (ch === '\x1b' || ch === '\x03') return this.settle(undefined);
      if (ch === '\x7f' || ch === '\b') this.typed = this.typed.slice(0, -1);
      else if (ch === '\x15') this.typed = '';
      else if (ch >= ' ') this.typed += ch;
    }
    return false;
  }

  /** What the screen shows of it: never what was typed. */
  state(user: string): PromptState {
    return { why: this.why, retry: this.retry, user };
  }

  private settle(answer: string | undefined): boolean {
    this.settled = true;
    this.typed = '';
    this.resolve(answer);
    return true;
  }
}
