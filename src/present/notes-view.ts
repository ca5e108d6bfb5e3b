// The notes terminal's screen as plain lines (no Ink: redrawn whole on each
// state, which changes a few times a minute). Every line fits the terminal:
// sentences wrap at spaces, commands break with a visible mark. Pure, so it
// is tested as text.
import { columns, wrapPre, wrapWords } from '../text/wrap.js';
import { hintLine } from '../ui/key-bindings.js';
import type { NotesState, NotesStep } from './protocol.js';

type Paint = (code: string, s: string) => string;

/** Commands longer than this show their first lines and how many more there are. */
const COMMAND_LINES = 8;

/**
 * `text` wrapped at spaces into `width` columns (text/wrap.ts), the first
 * line after `first`, the others under it at `indent`: no line is ever wider
 * than the terminal, so the terminal never breaks a word on its own.
 */
function para(text: string, width: number, first: string, indent = first): string[] {
  const lines = wrapWords(text, width - Math.max(columns(first), columns(indent)));
  return lines.map((l, i) => (i === 0 ? first : indent) + l);
}

function stepBlock(s: NotesStep, total: number, paint: Paint, width: number): string[] {
  const status = `[${s.status}${s.detail ? `: ${s.detail}` : ''}]`;
  const out = wrapWords(`Step ${s.index + 1}/${total} · ${s.label}`, width).map((l) => paint('1', l));
  out.push(...wrapWords(status, width - 2).map((l) => paint('2', `  ${l}`)));
  const command = s.command.replace(/\s+$/, '').split('\n');
  const shown = command.length > COMMAND_LINES ? command.slice(0, COMMAND_LINES - 1) : command;
  if (s.command.trim())
    for (const l of wrapPre(shown.join('\n'), width - 4)) out.push(paint('36', `    ${l}`));
  if (shown.length < command.length)
    out.push(paint('2', `    … and ${command.length - shown.length} more lines`));
  for (const n of s.notes) out.push(...para(n, width, '  ✎ ', '    ').map((l) => paint('33', l)));
  return out;
}

export function notesLines(
  s: NotesState | undefined,
  width: number,
  color: boolean,
  message?: string,
): string[] {
  const paint: Paint = (code, t) => (color ? `\x1b[${code}m${t}\x1b[0m` : t);
  const w = Math.max(20, width);
  // The keys come from the key table; the line wraps at its separators like any sentence.
  const keys = wrapWords(hintLine('notes'), w).map((l) => paint('2', l));
  if (!s) return ['demystify presenter notes', '', ...wrapWords(message ?? 'connecting…', w), '', ...keys];
  const title = wrapWords(`Chapter ${s.chapter.index}/${s.chapter.count - 1} · ${s.chapter.title}`, w);
  const typing = `(typing ${s.typingMs} ms/char)`;
  const last = title.pop() ?? '';
  const out = [
    ...title.map((l) => paint('1', l)),
    ...(columns(last) + 2 + columns(typing) <= w
      ? [paint('1', last) + paint('2', `  ${typing}`)]
      : [paint('1', last), paint('2', typing)]),
    '',
  ];
  if (s.reaching) {
    out.push(...wrapWords(`Reaching the start of ${s.reaching.target}…`, w).map((l) => paint('33', l)));
    if (s.reaching.last) out.push(...para(s.reaching.last.trim(), w, '  '));
    if (s.reaching.failed)
      out.push(...para(s.reaching.failed, w, '  failed: ', '  ').map((l) => paint('31', l)));
    out.push('');
  }
  out.push(paint('2', 'NOW'));
  if (s.step) out.push(...stepBlock(s.step, s.stepCount, paint, w));
  else out.push('  end of the chapter');
  out.push('', paint('2', 'NEXT'));
  if (s.next) out.push(...stepBlock(s.next, s.stepCount, paint, w));
  else
    out.push(
      ...para(
        s.step
          ? '(the last step of the chapter)'
          : (s.chapters[s.chapter.index + 1]?.title ?? 'that was the last chapter'),
        w,
        '  ',
      ),
    );
  if (s.closingNotes.length && (!s.next || !s.step)) {
    out.push('', paint('2', 'CLOSING NOTES'));
    for (const n of s.closingNotes) out.push(...para(n, w, '  ✎ ', '    ').map((l) => paint('33', l)));
  }
  out.push('', paint('2', 'COMPONENTS'));
  out.push(
    ...para(
      s.components.length ? s.components.map((c) => `${c.name}: ${c.state}`).join(' · ') : 'none running',
      w,
      '  ',
    ),
  );
  if (s.checks.length) {
    out.push('', paint('2', 'CHECKS'));
    for (const c of s.checks) out.push(...para(c.label, w, `  ${c.status.padEnd(8)} `, ' '.repeat(11)));
  }
  const notice = message ?? s.notice;
  if (notice) out.push('', ...wrapWords(notice, w).map((l) => paint('33', l)));
  out.push('', ...keys);
  return out;
}
