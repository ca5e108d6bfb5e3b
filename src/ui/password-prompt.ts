// The screen demystify asks for the sudo password on: why root is needed
// (the chapter's own sentence), one masked line, Enter to give it, Esc to
// decline. What is typed lives only here until Enter, is never drawn (not
// even as dots per character: the length is nobody's business either), and
// is handed to sudo, not stored.
import { ROOT_USE } from '../engine/root-reason.js';
import { wrapWords } from '../text/wrap.js';
import type { LessonView } from './lesson-text.js';
import type { Theme } from './theme.js';

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

  view(width: number, theme: Theme, user: string): LessonView {
    const inner = Math.max(20, width - 4);
    const lines = ['', theme.bold('  Root is needed'), ''];
    for (const l of wrapWords(this.why, inner)) lines.push(`  ${l}`);
    lines.push('');
    for (const l of wrapWords(
      `demystify asks once for this session: the password goes to sudo, which starts demystify's root helper; it is not stored or shown. ${ROOT_USE}`,
      inner,
    ))
      lines.push(`  ${theme.dim(l)}`);
    lines.push('');
    if (this.retry) lines.push(`  ${theme.bad('Sorry, try again.')}`);
    lines.push(`  [sudo] password for ${user}: ${theme.accent('▌')}`, '');
    lines.push(
      `  ${theme.dim('Enter gives it · Esc declines (the chapter asks again when a step needs root)')}`,
    );
    const last = lines.length - 1;
    return { lines, focusStart: 0, focusEnd: last, stepStart: 0 };
  }

  private settle(answer: string | undefined): boolean {
    this.settled = true;
    this.typed = '';
    this.resolve(answer);
    return true;
  }
}
