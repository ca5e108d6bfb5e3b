// The notes terminal's screen as plain lines (no Ink: redrawn whole on each
// state, which changes a few times a minute). Pure, so it is tested as text.
import { hintLine } from '../ui/key-bindings.js';
import type { NotesState, NotesStep } from './protocol.js';

type Paint = (code: string, s: string) => string;

function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(indent + line);
  }
  return out;
}

function stepBlock(s: NotesStep, total: number, paint: Paint, width: number): string[] {
  const out = [
    paint('1', `Step ${s.index + 1}/${total} · ${s.label}`) +
      paint('2', `  [${s.status}${s.detail ? `: ${s.detail}` : ''}]`),
  ];
  for (const l of s.command.split('\n').slice(0, 8)) out.push(paint('36', `    ${l}`.slice(0, width)));
  for (const n of s.notes) out.push(...wrap(`✎ ${n}`, width, '  ').map((l) => paint('33', l)));
  return out;
}

export function notesLines(
  s: NotesState | undefined,
  width: number,
  color: boolean,
  message?: string,
): string[] {
  const paint: Paint = (code, t) => (color ? `\x1b[${code}m${t}\x1b[0m` : t);
  const keys = paint('2', hintLine('notes'));
  if (!s) return ['demystify presenter notes', '', message ?? 'connecting…', '', keys];
  const out = [
    paint('1', `Chapter ${s.chapter.index}/${s.chapter.count - 1} · ${s.chapter.title}`) +
      paint('2', `  (typing ${s.typingMs} ms/char)`),
    '',
  ];
  if (s.reaching) {
    out.push(paint('33', `Reaching the start of ${s.reaching.target}…`));
    if (s.reaching.last) out.push(`  ${s.reaching.last.trim()}`);
    if (s.reaching.failed) out.push(paint('31', `  failed: ${s.reaching.failed}`));
    out.push('');
  }
  out.push(paint('2', 'NOW'));
  if (s.step) out.push(...stepBlock(s.step, s.stepCount, paint, width));
  else out.push('  end of the chapter');
  out.push('', paint('2', 'NEXT'));
  if (s.next) out.push(...stepBlock(s.next, s.stepCount, paint, width));
  else
    out.push(
      s.step
        ? '  (the last step of the chapter)'
        : `  ${s.chapters[s.chapter.index + 1]?.title ?? 'that was the last chapter'}`,
    );
  if (s.closingNotes.length && (!s.next || !s.step)) {
    out.push('', paint('2', 'CLOSING NOTES'));
    for (const n of s.closingNotes) out.push(...wrap(`✎ ${n}`, width, '  ').map((l) => paint('33', l)));
  }
  out.push('', paint('2', 'COMPONENTS'));
  out.push(
    s.components.length
      ? `  ${s.components.map((c) => `${c.name}: ${c.state}`).join(' · ')}`
      : '  none running',
  );
  if (s.checks.length) {
    out.push('', paint('2', 'CHECKS'));
    for (const c of s.checks) out.push(`  ${c.status.padEnd(8)} ${c.label}`);
  }
  if (message ?? s.notice) out.push('', paint('33', (message ?? s.notice)!));
  out.push('', keys);
  return out;
}
