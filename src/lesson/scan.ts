// Splits a lesson's Markdown into raw blocks by line: front matter, code
// fences, presenter notes, hints and prose. A hand-written line scanner (not
// marked's lexer) because every block must keep its exact line and column.
import { issue, type LessonIssue } from './issues.js';

export type RawBlock =
  | { readonly kind: 'prose'; readonly text: string; readonly line: number }
  | {
      readonly kind: 'fence';
      /** Line of the opening fence (1-based). */
      readonly line: number;
      /** Column where the fence characters start (1-based). */
      readonly column: number;
      /** Everything after the fence characters, untrimmed. */
      readonly info: string;
      /** Column where `info` starts. */
      readonly infoColumn: number;
      readonly body: string;
      /** Line of the first body line. */
      readonly bodyLine: number;
    }
  | { readonly kind: 'notes'; readonly text: string; readonly line: number }
  | { readonly kind: 'hint'; readonly text: string; readonly line: number };

export interface Scanned {
  readonly frontMatter: { readonly text: string; readonly line: number } | undefined;
  readonly blocks: readonly RawBlock[];
  readonly issues: readonly LessonIssue[];
}

const OPEN_FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const NOTES_OPEN = /^\s*<!--\s*(notes|presenter)\s*:?/i;
const HINT_OPEN = /^\s*<details>\s*$/i;
const HINT_SUMMARY = /^\s*<summary>\s*hint\b.*<\/summary>\s*$/i;

export function scanLesson(file: string, source: string): Scanned {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: RawBlock[] = [];
  const issues: LessonIssue[] = [];
  let prose: string[] = [];
  let proseLine = 1;
  let i = 0;

  const flushProse = (): void => {
    if (prose.some((l) => l.trim() !== ''))
      blocks.push({ kind: 'prose', text: prose.join('\n'), line: proseLine });
    prose = [];
  };
  const addProse = (line: string, index: number): void => {
    if (prose.length === 0) proseLine = index + 1;
    prose.push(line);
  };

  let frontMatter: Scanned['frontMatter'];
  if (lines[0]?.trimEnd() === '---') {
    const end = lines.findIndex((l, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end < 0) {
      issues.push(
        issue(file, 1, 1, 'the front matter opened here is never closed: add a line with --- after it'),
      );
      return { frontMatter: undefined, blocks, issues };
    }
    frontMatter = { text: lines.slice(1, end).join('\n'), line: 2 };
    i = end + 1;
  }

  while (i < lines.length) {
    const line = lines[i] ?? '';
    const open = OPEN_FENCE.exec(line);
    if (open && !(open[2]?.startsWith('`') && open[3]?.includes('`'))) {
      const indent = open[1] ?? '';
      const fence = open[2] ?? '```';
      const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
      const end = lines.findIndex((l, n) => n > i && close.test(l));
      if (end < 0) {
        issues.push(
          issue(
            file,
            i + 1,
            indent.length + 1,
            `this code fence is never closed: add a line with ${fence} after its last line`,
          ),
        );
        break;
      }
      flushProse();
      blocks.push({
        kind: 'fence',
        line: i + 1,
        column: indent.length + 1,
        info: open[3] ?? '',
        infoColumn: indent.length + fence.length + 1,
        body: lines
          .slice(i + 1, end)
          .map((l) => stripIndent(l, indent.length))
          .join('\n'),
        bodyLine: i + 2,
      });
      i = end + 1;
      continue;
    }
    if (NOTES_OPEN.test(line)) {
      const end = lines.findIndex((l, n) => n >= i && l.includes('-->'));
      if (end < 0) {
        issues.push(
          issue(
            file,
            i + 1,
            line.indexOf('<!--') + 1,
            'this presenter-notes comment is never closed: end it with -->',
          ),
        );
        break;
      }
      flushProse();
      const text = lines
        .slice(i, end + 1)
        .join('\n')
        .replace(NOTES_OPEN, '')
        .replace(/-->\s*$/, '')
        .trim();
      blocks.push({ kind: 'notes', text, line: i + 1 });
      i = end + 1;
      continue;
    }
    if (HINT_OPEN.test(line) && HINT_SUMMARY.test(lines[i + 1] ?? '')) {
      const end = lines.findIndex((l, n) => n > i && /^\s*<\/details>\s*$/i.test(l));
      if (end < 0) {
        issues.push(
          issue(file, i + 1, line.indexOf('<') + 1, 'this hint is never closed: end it with </details>'),
        );
        break;
      }
      flushProse();
      blocks.push({
        kind: 'hint',
        text: lines
          .slice(i + 2, end)
          .join('\n')
          .trim(),
        line: i + 1,
      });
      i = end + 1;
      continue;
    }
    addProse(line, i);
    i++;
  }
  flushProse();
  return { frontMatter, blocks, issues };
}

/** CommonMark: body lines lose up to as many leading spaces as the opening fence had. */
function stripIndent(line: string, n: number): string {
  let k = 0;
  while (k < n && line[k] === ' ') k++;
  return line.slice(k);
}
