// Golden screens, derived from the lessons themselves: every shipped chapter
// opened on its first step, rendered through the real chrome (Ink) at 80x24
// and 160x45, and read back as text, scrolled through from top to bottom.
// What must be there is taken from the lesson file, not from a snapshot, so
// the test follows lesson edits and new chapters: every word of the first
// step's explanation and every line of its command, whole (a line broken to
// fit ends with the continuation mark and goes on in the next one).
import fs from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { Lexer, type Token, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControllerState } from '../../src/engine/controller.js';
import { initialState } from '../../src/engine/step-status.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Chapter, Workshop } from '../../src/lesson/model.js';
import { unwrap } from '../../src/text/wrap.js';
import { buildChrome } from '../../src/ui/chrome-model.js';
import { ChromeRenderer } from '../../src/ui/chrome-renderer.js';
import { computeLayout, type Layout } from '../../src/ui/layout.js';
import * as lessonText from '../../src/ui/lesson-text.js';
import { clampTop, composeLesson } from '../../src/ui/lesson-text.js';
import { makeTheme } from '../../src/ui/theme.js';
import { initialUi } from '../../src/ui/ui-state.js';

const SIZES = [
  [80, 24],
  [160, 45],
] as const;
const theme = makeTheme(false);
// Loaded before the tests are collected, so each chapter gets tests of its own.
const workshop: Workshop = (await loadWorkshop('lessons')).workshop;
let chrome: ChromeRenderer;
beforeAll(() => {
  chrome = new ChromeRenderer(false);
});
afterAll(() => chrome.dispose());

/** The words a reader sees in a piece of Markdown: its text without markup, notes and hints left out. */
function proseWords(markdown: string): string[] {
  // Inline pieces join without a space ("`kubectl`," is one word on screen); blocks are apart.
  const text = (tokens: readonly Token[]): string =>
    tokens
      .map((t): string => {
        if (t.type === 'html' || t.type === 'space') return '\n';
        if (t.type === 'code') return `\n${t.text}\n`;
        if (t.type === 'codespan' || t.type === 'escape') return t.text;
        if (t.type === 'table') {
          const table = t as Tokens.Table;
          return [table.header, ...table.rows]
            .map((row) => row.map((c) => text(c.tokens)).join('\n'))
            .join('\n');
        }
        if (t.type === 'list')
          return (t as Tokens.List).items.map((item) => `\n${text(item.tokens)}\n`).join('');
        if ('tokens' in t && t.tokens?.length)
          return `${text(t.tokens)}${t.type === 'paragraph' || t.type === 'heading' ? '\n' : ''}`;
        return 'text' in t && typeof t.text === 'string' ? t.text : '';
      })
      .join('');
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return text(Lexer.lex(markdown))
    .replace(/&(amp|lt|gt|quot|#39);/g, (whole, e: string) => entities[e] ?? whole)
    .split(/\s+/)
    .filter(Boolean);
}

/** The first step's explanation and command, read from the lesson file at the lines the parser found. */
function firstStepSource(chapter: Chapter): { prose: string; command: string[] } {
  const step = chapter.steps[0]!;
  const lines = fs.readFileSync(chapter.file, 'utf8').split('\n');
  const fence = step.pos.line - 1;
  const close = lines.findIndex((l, i) => i > fence && /^\s*(```|~~~)/.test(l));
  // The prose before it: everything after the front matter.
  const from = lines.indexOf('---', 1) + 1;
  return { prose: lines.slice(from, fence).join('\n'), command: lines.slice(fence + 1, close) };
}

const running = (chapter: Chapter): string[] => ['shell', ...chapter.meta.requires];

/** The lesson column as the learner can read it, scrolled from top to bottom: one string per lesson line. */
function readLesson(
  chapter: Chapter,
  index: number,
  cols: number,
  rows: number,
): { lines: string[]; layout: Layout } {
  const controller: ControllerState = {
    chapterIndex: index,
    chapter,
    run: initialState(chapter),
    current: chapter.steps[0],
    busy: false,
    reaching: undefined,
    hintsShown: 0,
    notice: undefined,
  };
  const ui = initialUi();
  const layout = computeLayout({
    cols,
    rows,
    panes: running(chapter),
    focus: ui.focus,
    shown: ui.shown,
    zoom: false,
    overlay: false,
    chapterCount: workshop.chapters.length,
    // What the app passes (absent before the layout knew what a chapter needs).
    lessonWants: 'chapterWidth' in lessonText ? lessonText.chapterWidth(chapter) : undefined,
  });
  const rect = layout.lesson!;
  const view = composeLesson({
    chapter,
    chapterIndex: index,
    run: controller.run,
    hintsShown: 0,
    width: rect.w,
    theme,
  });
  const body = rect.h - 1;
  const seen = new Map<number, string>();
  for (let top = 0; ; top += body) {
    const at = clampTop(top, view.lines.length, body);
    const screen = chrome
      .render(
        buildChrome({
          layout,
          theme,
          ui: { ...ui, lessonTop: at },
          controller,
          chapters: workshop.chapters.map((c) => ({
            id: c.meta.id,
            title: c.meta.title,
            mark: 'todo' as const,
          })),
          panes: running(chapter).map((name, i) => ({
            name,
            number: i + 1,
            state: { kind: 'ready' },
            pid: 100 + i,
          })),
          lesson: view,
          seconds: undefined,
          scrolledBack: () => 0,
        }),
      )
      .map((l) => stripVTControlCharacters(l));
    expect(screen).toHaveLength(rows);
    for (let r = 0; r < body; r += 1) {
      const row = [...(screen[rect.y + 1 + r] ?? '')].slice(rect.x, rect.x + rect.w).join('');
      // The gutter (the focus bar and a space) is not lesson text.
      seen.set(at + r, row.slice(2).trimEnd());
    }
    // Scrolled past the first step (its lines end at focusEnd): the rest is other steps.
    if (at + body >= view.lines.length || at + body > view.focusEnd + 1) break;
  }
  const lines = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  return { lines, layout };
}

/** Expected words in order in the screen's words; the first missing one and what the screen had there. */
function missingWord(expected: readonly string[], seen: readonly string[]): string | undefined {
  let at = 0;
  for (const word of expected) {
    const found = seen.indexOf(word, at);
    if (found < 0) {
      const near = seen.slice(Math.max(0, at - 3), at + 6).join(' ');
      return `"${word}" (the screen goes on: ${near})`;
    }
    at = found + 1;
  }
  return undefined;
}

describe('every shipped chapter’s first step on screen', () => {
  it('finds the shipped chapters', () => {
    expect(workshop.chapters.length).toBeGreaterThanOrEqual(12);
  });

  workshop.chapters.forEach((chapter, index) => {
    for (const [cols, rows] of SIZES) {
      it(`${chapter.meta.id} at ${cols}x${rows}: all of the first step's explanation and command, no word cut`, () => {
        const problems: string[] = [];
        const { lines, layout } = readLesson(chapter, index, cols, rows);
        const width = layout.lesson!.w - 2;
        // Ink cuts a line too long for its rectangle to the full width, ending in "…".
        for (const l of lines)
          if ([...l].length >= width && l.endsWith('…')) problems.push(`a line is cut: "${l}"`);
        const text = unwrap(lines);
        const seenWords = text.join(' ').split(/\s+/).filter(Boolean);
        const source = firstStepSource(chapter);
        const word = missingWord(proseWords(source.prose), seenWords);
        if (word) problems.push(`the explanation's word ${word} is not on the screen whole`);
        // A check shows its sentence and a stop step has no body: only commands are compared line by line.
        if (chapter.steps[0]!.kind !== 'check' && chapter.steps[0]!.kind !== 'stop') {
          // Each command line exactly, once the broken lines are joined again.
          const shown = text.map((l) => l.trim().replace(/^\$ /, ''));
          for (const line of source.command)
            if (line.trim() && !shown.includes(line.trim()))
              problems.push(`the command line "${line.trim()}" is not on the screen as it will run`);
        }
        expect(problems).toEqual([]);
      });
    }
  });
});
