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
/** `<details>`, `<details hint>`, `<details open>`...: group 1 holds the attributes. */
const DETAILS_OPEN = /^\s*<details(\s[^>]*)?>\s*$/i;
const HINT_ATTRIBUTE = /^\s*hint(\s*=\s*(""|''))?\s*$/i;
const SUMMARY = /^\s*<summary>.*<\/summary>\s*$/i;
/** Before hints were marked, the English summary was the mark; it still is. */
const HINT_SUMMARY = /^\s*<summary>\s*hint\b.*<\/summary>\s*$/i;

type DetailsKind = 'hint' | 'not-a-hint';

/** A hint is `<details hint>` (any summary, in any language), or `<details>` with a summary starting "Hint". */
function detailsKind(line: string, next: string): DetailsKind | undefined {
  const open = DETAILS_OPEN.exec(line);
  if (!open) return undefined;
  if (open[1] !== undefined && HINT_ATTRIBUTE.test(open[1])) return 'hint';
  return open[1] === undefined && HINT_SUMMARY.test(next) ? 'hint' : 'not-a-hint';
}

/** What a block reader found at a line: the block and the line after it, or a block never closed. */
type Read = { readonly block: RawBlock; readonly next: number } | { readonly unclosed: LessonIssue };
type Reader = (file: string, lines: readonly string[], i: number) => Read | undefined;

const readFence: Reader = (file, lines, i) => {
  const open = OPEN_FENCE.exec(lines[i] ?? '');
  if (!open || (open[2]?.startsWith('`') && open[3]?.includes('`'))) return undefined;
  const indent = open[1] ?? '';
  const fence = open[2] ?? '```';
  const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
  const end = lines.findIndex((l, n) => n > i && close.test(l));
  if (end < 0)
    return {
      unclosed: issue(
        file,
        i + 1,
        indent.length + 1,
        `this code fence is never closed: add a line with ${fence} after its last line`,
      ),
    };
  const body = lines
    .slice(i + 1, end)
    .map((l) => stripIndent(l, indent.length))
    .join('\n');
  const info = open[3] ?? '';
  const column = indent.length + 1;
  const block: RawBlock = {
    kind: 'fence',
    line: i + 1,
    column,
    info,
    infoColumn: column + fence.length,
    body,
    bodyLine: i + 2,
  };
  return { block, next: end + 1 };
};

const readNotes: Reader = (file, lines, i) => {
  const line = lines[i] ?? '';
  if (!NOTES_OPEN.test(line)) return undefined;
  const end = lines.findIndex((l, n) => n >= i && l.includes('-->'));
  if (end < 0)
    return {
      unclosed: issue(
        file,
        i + 1,
        line.indexOf('<!--') + 1,
        'this presenter-notes comment is never closed: end it with -->',
      ),
    };
  const text = lines
    .slice(i, end + 1)
    .join('\n')
    .replace(NOTES_OPEN, '')
    .replace(/-->\s*$/, '')
    .trim();
  return { block: { kind: 'notes', text, line: i + 1 }, next: end + 1 };
};

const readHint: Reader = (file, lines, i) => {
  const line = lines[i] ?? '';
  if (detailsKind(line, lines[i + 1] ?? '') !== 'hint') return undefined;
  const end = lines.findIndex((l, n) => n > i && /^\s*<\/details>\s*$/i.test(l));
  if (end < 0)
    return {
      unclosed: issue(
        file,
        i + 1,
        line.indexOf('<') + 1,
        'this hint is never closed: end it with </details>',
      ),
    };
  const bodyStart = SUMMARY.test(lines[i + 1] ?? '') ? i + 2 : i + 1;
  return {
    block: { kind: 'hint', text: lines.slice(bodyStart, end).join('\n').trim(), line: i + 1 },
    next: end + 1,
  };
};

const READERS: readonly Reader[] = [readFence, readNotes, readHint];

export function scanLesson(file: string, source: string): Scanned {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: RawBlock[] = [];
  const issues: LessonIssue[] = [];
  let prose: string[] = [];
  let proseLine = 1;
  const flushProse = (): void => {
    if (prose.some((l) => l.trim() !== ''))
      blocks.push({ kind: 'prose', text: prose.join('\n'), line: proseLine });
    prose = [];
  };

  const front = readFrontMatter(file, lines);
  if ('unclosed' in front) return { frontMatter: undefined, blocks, issues: [front.unclosed] };
  let i = front.next;
  scan: while (i < lines.length) {
    const line = lines[i] ?? '';
    for (const read of READERS) {
      const found = read(file, lines, i);
      if (!found) continue;
      if ('unclosed' in found) {
        issues.push(found.unclosed);
        break scan;
      }
      flushProse();
      blocks.push(found.block);
      i = found.next;
      continue scan;
    }
    if (detailsKind(line, lines[i + 1] ?? '') === 'not-a-hint')
      issues.push(
        issue(
          file,
          i + 1,
          line.indexOf('<') + 1,
          'this <details> is not a hint, and a lesson shows no other kind: mark a hint <details hint> (its <summary> in any language), or write the text as prose',
        ),
      );
    if (prose.length === 0) proseLine = i + 1;
    prose.push(line);
    i++;
  }
  flushProse();
  return { frontMatter: front.frontMatter, blocks, issues };
}

function readFrontMatter(
  file: string,
  lines: readonly string[],
): { frontMatter: Scanned['frontMatter']; next: number } | { unclosed: LessonIssue } {
  if (lines[0]?.trimEnd() !== '---') return { frontMatter: undefined, next: 0 };
  const end = lines.findIndex((l, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0)
    return {
      unclosed: issue(
        file,
        1,
        1,
        'the front matter opened here is never closed: add a line with --- after it',
      ),
    };
  return { frontMatter: { text: lines.slice(1, end).join('\n'), line: 2 }, next: end + 1 };
}

/** CommonMark: body lines lose up to as many leading spaces as the opening fence had. */
function stripIndent(line: string, n: number): string {
  let k = 0;
  while (k < n && line[k] === ' ') k++;
  return line.slice(k);
}
