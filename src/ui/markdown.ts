// Lesson Markdown as terminal lines of a given width. marked parses; the
// layout is ours, so that every word wraps at a space wherever it stands
// (paragraphs, list items, table cells, quotes) and code blocks keep their
// lines, broken only with a visible mark when they are wider than the column
// (see text/wrap.ts). Words are wrapped first and styled after, so a colour
// never splits or shifts a line.
import { Lexer, type Token, type Tokens } from 'marked';
import { columns, splitWord, wrapPreLine } from '../text/wrap.js';
import type { Theme } from './theme.js';

type Style = (s: string) => string;
const plain: Style = (s) => s;

/** A piece of inline text with its style; `br` is a hard line break. */
interface Run {
  readonly text: string;
  readonly style: Style;
  readonly br?: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

function inlineRuns(tokens: readonly Token[] | undefined, style: Style, theme: Theme): Run[] {
  const out: Run[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        out.push(...inlineRuns(t.tokens, (s) => theme.bold(style(s)), theme));
        break;
      case 'em':
        out.push(...inlineRuns(t.tokens, (s) => `\x1b[3m${style(s)}\x1b[23m`, theme));
        break;
      case 'del':
        out.push(...inlineRuns(t.tokens, style, theme));
        break;
      case 'codespan':
        out.push({ text: decode(t.text), style: theme.code });
        break;
      case 'link': {
        const link = t as Tokens.Link;
        const inner = inlineRuns(link.tokens, style, theme);
        out.push(...inner);
        const text = inner.map((r) => r.text).join('');
        if (link.href && link.href !== text && !link.href.startsWith('#'))
          out.push({ text: ` (${link.href})`, style: theme.dim });
        break;
      }
      case 'image':
        out.push({ text: decode((t as Tokens.Image).text), style });
        break;
      case 'br':
        out.push({ text: '\n', style, br: true });
        break;
      case 'html':
        break;
      case 'text':
      case 'escape':
        if ('tokens' in t && t.tokens?.length) out.push(...inlineRuns(t.tokens, style, theme));
        else out.push({ text: decode((t as Tokens.Text).text), style });
        break;
      default:
        if ('text' in t && typeof t.text === 'string') out.push({ text: decode(t.text), style });
    }
  }
  return out;
}

interface Word {
  readonly pieces: Run[];
  readonly width: number;
}

/** Runs wrapped at spaces into lines of at most `width` columns, styled after wrapping. */
function wrapRuns(runs: readonly Run[], width: number): string[] {
  const w = Math.max(4, width);
  const lines: Word[][] = [[]];
  let word: Run[] = [];
  const line = (): Word[] => lines[lines.length - 1]!;
  const lineWidth = (l: Word[]): number => l.reduce((n, x) => n + x.width, Math.max(0, l.length - 1));
  const place = (pieces: Run[]): void => {
    const width = pieces.reduce((n, p) => n + columns(p.text), 0);
    if (line().length && lineWidth(line()) + 1 + width > w) lines.push([]);
    line().push({ pieces, width });
  };
  const endWord = (): void => {
    if (!word.length) return;
    const width = word.reduce((n, p) => n + columns(p.text), 0);
    if (width <= w) place(word);
    else {
      // Longer than a line: split with the continuation mark, in the style of its first piece.
      const parts = splitWord(word.map((p) => p.text).join(''), w);
      parts.forEach((text, i) => {
        place([{ text, style: word[0]!.style }]);
        if (i < parts.length - 1) lines.push([]);
      });
    }
    word = [];
  };
  for (const run of runs) {
    if (run.br) {
      endWord();
      lines.push([]);
      continue;
    }
    for (const part of run.text.split(/(\s+)/)) {
      if (part === '') continue;
      if (/^\s+$/.test(part)) endWord();
      else word.push({ text: part, style: run.style });
    }
  }
  endWord();
  return lines.map((l) => l.map((x) => x.pieces.map((p) => p.style(p.text)).join('')).join(' '));
}

function prefixed(lines: readonly string[], first: string, rest: string): string[] {
  return lines.map((l, i) => (l === '' ? '' : (i === 0 ? first : rest) + l));
}

function table(t: Tokens.Table, width: number, theme: Theme): string[] {
  const cells = [t.header, ...t.rows].map((row) => row.map((c) => inlineRuns(c.tokens, plain, theme)));
  const n = t.header.length;
  const textOf = (runs: Run[]): string => runs.map((r) => r.text).join('');
  const natural = Array.from({ length: n }, (_, i) =>
    Math.max(1, ...cells.map((row) => columns(textOf(row[i] ?? [])))),
  );
  const gap = 2;
  const widths = [...natural];
  // Too wide: the widest column gives way first, down to a few columns each.
  while (widths.reduce((a, b) => a + b, 0) + gap * (n - 1) > width) {
    const i = widths.indexOf(Math.max(...widths));
    if ((widths[i] ?? 0) <= 6) break;
    widths[i] = (widths[i] ?? 0) - 1;
  }
  const out: string[] = [];
  cells.forEach((row, r) => {
    const wrapped = row.map((runs, i) => wrapRuns(runs, widths[i] ?? 1));
    const height = Math.max(...wrapped.map((c) => c.length));
    for (let k = 0; k < height; k += 1) {
      const parts = wrapped.map((c, i) => {
        const text = c[k] ?? '';
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visible(text)));
        return (r === 0 ? theme.bold(text) : text) + pad;
      });
      out.push(parts.join(' '.repeat(gap)).replace(/\s+$/, ''));
    }
    if (r === 0) out.push(theme.dim(widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap))));
  });
  return out;
}

const visible = (s: string): number => columns(s.replace(/\x1b\[[0-9;]*m/g, ''));

function blocks(tokens: readonly Token[], width: number, theme: Theme): string[] {
  const out: string[] = [];
  const gap = (): void => {
    if (out.length && out[out.length - 1] !== '') out.push('');
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'html':
      case 'def':
        break;
      case 'heading':
        gap();
        out.push(
          ...wrapRuns(
            inlineRuns(t.tokens, (t as Tokens.Heading).depth === 1 ? theme.accent : theme.bold, theme),
            width,
          ),
        );
        out.push('');
        break;
      case 'paragraph':
        gap();
        out.push(...wrapRuns(inlineRuns(t.tokens, plain, theme), width), '');
        break;
      case 'text':
        // A tight list item's text: no blank line after it.
        out.push(...wrapRuns(inlineRuns('tokens' in t && t.tokens ? t.tokens : [t], plain, theme), width));
        break;
      case 'code': {
        gap();
        for (const line of (t as Tokens.Code).text.replace(/\s+$/, '').split('\n'))
          out.push(...wrapPreLine(line.replace(/\t/g, '  '), width - 2).map((l) => `  ${theme.code(l)}`));
        out.push('');
        break;
      }
      case 'blockquote': {
        gap();
        const inner = blocks((t as Tokens.Blockquote).tokens, width - 2, theme);
        while (inner[inner.length - 1] === '') inner.pop();
        out.push(...inner.map((l) => `${theme.dim('│')} ${l}`), '');
        break;
      }
      case 'list': {
        gap();
        const list = t as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        list.items.forEach((item, i) => {
          const box = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
          const marker = `${list.ordered ? `${start + i}.` : '•'} ${box}`;
          const pad = ' '.repeat(columns(marker));
          const inner = blocks(item.tokens, width - columns(marker), theme);
          while (inner[inner.length - 1] === '') inner.pop();
          out.push(...prefixed(inner, marker, pad));
          if (list.loose && i < list.items.length - 1) out.push('');
        });
        out.push('');
        break;
      }
      case 'table':
        gap();
        out.push(...table(t as Tokens.Table, width, theme), '');
        break;
      case 'hr':
        gap();
        out.push(theme.dim('─'.repeat(width)), '');
        break;
      default:
        if ('text' in t && typeof t.text === 'string') {
          gap();
          out.push(...wrapRuns([{ text: decode(t.text), style: plain }], width), '');
        }
    }
  }
  return out;
}

/** Markdown as terminal lines of at most `width` columns; nothing cut (wide code lines break with a mark). */
export function markdownLines(markdown: string, width: number, theme: Theme): string[] {
  const lines = blocks(Lexer.lex(markdown), Math.max(20, width), theme);
  while (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Columns the widest code-block line takes as markdownLines shows it (indent included); 0 without code. */
export function codeWidth(markdown: string): number {
  let widest = 0;
  const walk = (tokens: readonly Token[], indent: number): void => {
    for (const t of tokens) {
      if (t.type === 'code')
        for (const l of (t as Tokens.Code).text.replace(/\t/g, '  ').split('\n'))
          widest = Math.max(widest, indent + 2 + columns(l.trimEnd()));
      else if (t.type === 'list') for (const item of (t as Tokens.List).items) walk(item.tokens, indent + 3);
      else if (t.type === 'blockquote') walk((t as Tokens.Blockquote).tokens, indent + 2);
    }
  };
  walk(Lexer.lex(markdown), 0);
  return widest;
}
