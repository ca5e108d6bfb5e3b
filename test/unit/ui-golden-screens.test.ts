// Golden screens, derived from the lessons and the key table themselves:
// every shipped chapter opened on its first step, drawn by the app's own
// screen loop (Ink and the compositor) on a terminal of 80x24, 120x35,
// 160x45 and 240x60, read back as a learner sees it, scrolled through from
// top to bottom. What must be there is taken from the lesson file, not from
// a snapshot, so the test follows lesson edits and new chapters: every word
// of the first step's explanation and every line of its command, whole (a
// line broken to fit ends with the continuation mark and goes on in the next
// one). The status line, the help and the screens before the workshop
// (binaries offer, lesson errors) show every word too: nothing is cut with "…".
import fs from 'node:fs';
import { Lexer, type Token, type Tokens } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchOffer } from '../../src/cluster/binaries/offer.js';
import { binaryProject, defaultVersions, type BinaryName } from '../../src/cluster/versions.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Chapter, Workshop } from '../../src/lesson/model.js';
import { unwrap } from '../../src/text/wrap.js';
import { binariesScene } from '../../src/ui/binaries-scene.js';
import { errorsScreen } from '../../src/ui/errors-screen.js';
import { scrollMax, SLOT } from '../../src/ui/geometry.js';
import { helpSections } from '../../src/ui/key-bindings.js';
import { workshopStill } from '../../src/ui/starting-scene.js';
import { chapterRows } from '../../src/ui/pane-info.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';
import {
  controllerAt,
  harness,
  runningPanes,
  until,
  type Harness,
  SCREEN_SIZES,
} from '../fixtures/ui/screen-harness.js';

const SIZES = SCREEN_SIZES;
// Loaded before the tests are collected, so each chapter gets tests of its own.
const workshop: Workshop = (await loadWorkshop('lessons')).workshop;
// One terminal per size, kept across tests: the loop (and Ink in it) is what the app keeps too.
const terminals = new Map<string, Harness>();
function terminal(cols: number, rows: number): Harness {
  const key = `${cols}x${rows}`;
  let h = terminals.get(key);
  if (!h) terminals.set(key, (h = harness(cols, rows)));
  return h;
}
afterAll(() => {
  for (const h of terminals.values()) h.stop();
});

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
async function readLesson(
  chapter: Chapter,
  index: number,
  cols: number,
  rows: number,
): Promise<{ lines: string[]; width: number }> {
  const h = terminal(cols, rows);
  const still = workshopStill({
    size: h.io,
    workshop,
    controller: controllerAt(workshop, index),
    chapters: chapterRows(workshop, undefined),
    panes: runningPanes(running(chapter)),
    // From the top (on its own the lesson opens scrolled to the current step).
    ui: { ...initialUi(), lessonTop: 0 },
    color: false,
    presenter: false,
  });
  h.loop.show(still);
  const seen = new Map<number, string>();
  let width: number;
  for (;;) {
    const s = still.store.get();
    const rect = h.loop.lastGeometry().get(SLOT.lessonBody)!;
    width = rect.w - 2;
    const screen = await h.text();
    for (let r = 0; r < s.lessonRows; r += 1) {
      const row = [...(screen[rect.y + r] ?? '')].slice(rect.x, rect.x + rect.w).join('');
      // The gutter (the focus bar and a space) is not lesson text.
      seen.set(s.lessonTop + r, row.slice(2).trimEnd());
    }
    // Scrolled past the first step (its lines end at focusEnd): the rest is other steps.
    const bottom = s.lessonTop + s.lessonRows;
    if (bottom >= s.lesson.lines.length || bottom > s.lesson.focusEnd + 1) break;
    still.store.set({ ui: { ...s.ui, lessonTop: bottom } });
    await until(() => h.loop.settled());
  }
  return { lines: [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l), width };
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

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

describe('every shipped chapter’s first step on screen', () => {
  it('finds the shipped chapters', () => {
    expect(workshop.chapters.length).toBeGreaterThanOrEqual(12);
  });

  workshop.chapters.forEach((chapter, index) => {
    for (const [cols, rows] of SIZES) {
      it(`${chapter.meta.id} at ${cols}x${rows}: all of the first step's explanation and command, no word cut`, async () => {
        const problems: string[] = [];
        const { lines, width } = await readLesson(chapter, index, cols, rows);
        // A line cut to fit would fill the column and end with "…".
        for (const l of lines)
          if ([...l].length >= width && l.endsWith('…')) problems.push(`a line is cut: "${l}"`);
        const text = unwrap(lines);
        const word = missingWord(proseWords(firstStepSource(chapter).prose), words(text.join(' ')));
        if (word) problems.push(`the explanation's word ${word} is not on the screen whole`);
        // A check shows its sentence and a stop step has no body: only commands are compared line by line.
        if (chapter.steps[0]!.kind !== 'check' && chapter.steps[0]!.kind !== 'stop') {
          // Each command line exactly, once the broken lines are joined again.
          const shown = text.map((l) => l.trim().replace(/^\$ /, ''));
          for (const line of firstStepSource(chapter).command)
            if (line.trim() && !shown.includes(line.trim()))
              problems.push(`the command line "${line.trim()}" is not on the screen as it will run`);
        }
        expect(problems).toEqual([]);
      });
    }
  });
});

/** The status line's rows: from under the main area to the footer. */
async function statusText(h: Harness): Promise<string> {
  const rows = await h.text();
  const main = h.loop.lastGeometry();
  const bottom = Math.max(...[...main.values()].map((r) => r.y + r.h));
  return rows.slice(bottom, -1).join(' ');
}

describe('the status line and the overlays, whole', () => {
  const chapter = workshop.chapters[3]!;
  const question = `${chapter.meta.title} needs etcd, kube-apiserver running. Rebuild the cluster at its start? The workspace is replaced by that point's (from a checkpoint, or by running the chapters before it).`;
  const reason =
    'not true after 30 s: `kubectl get --raw /readyz` answered 500: [-]poststarthook/rbac/bootstrap-roles failed: not finished, the API server is still starting';
  for (const [cols, rows] of SIZES) {
    it(`at ${cols}x${rows}: a question, a failure and a message in the status line, every word`, async () => {
      const h = terminal(cols, rows);
      const cases: [string, UiState | undefined, string][] = [
        [
          'question',
          { ...initialUi(), overlay: { kind: 'confirm', question, action: 'jump', chapterIndex: 3 } },
          question,
        ],
        ['failure', undefined, `✗ Step 1/${chapter.steps.length} failed: ${reason}`],
        ['message', { ...initialUi(), message: `copied ${'a rather long sentence '.repeat(8)}` }, 'copied'],
      ];
      for (const [what, ui, expected] of cases) {
        const still = workshopStill({
          size: h.io,
          workshop,
          controller: controllerAt(workshop, 3, what === 'failure' ? reason : undefined),
          chapters: chapterRows(workshop, undefined),
          panes: runningPanes(['shell', 'etcd']),
          ...(ui ? { ui } : {}),
          color: false,
          presenter: false,
        });
        h.loop.show(still);
        const shown = words(await statusText(h));
        expect(shown.join(' ').includes('…'), what).toBe(false);
        expect(missingWord(words(expected), shown), what).toBeUndefined();
      }
    });

    it(`at ${cols}x${rows}: the help, scrolled through, has every key's sentence`, async () => {
      const h = terminal(cols, rows);
      const still = workshopStill({
        size: h.io,
        workshop,
        controller: controllerAt(workshop, 0),
        chapters: chapterRows(workshop, undefined),
        panes: runningPanes(['shell']),
        ui: { ...initialUi(), overlay: { kind: 'help', scroll: 0 } },
        color: false,
        presenter: false,
      });
      h.loop.show(still);
      const max = scrollMax(h.loop.lastGeometry());
      const view = h.loop.lastGeometry().get(SLOT.scrollView)!;
      const seen: string[] = [];
      for (let top = 0; ; top = Math.min(max, top + view.h)) {
        still.store.set({ ui: { ...initialUi(), overlay: { kind: 'help', scroll: top } } });
        await until(() => h.loop.settled());
        seen.push(...(await h.text()).slice(0, view.h));
        if (top >= max) break;
      }
      const shown = words(seen.join(' '));
      for (const section of helpSections())
        for (const row of section.rows) expect(missingWord(words(row.help), shown), row.help).toBeUndefined();
    });
  }

  it('at 80x24: the first-run offer names every program, whole', async () => {
    const all = Object.keys(binaryProject) as BinaryName[];
    const offer = fetchOffer(all, defaultVersions, undefined, 'x64')!;
    const h = harness(80, 24);
    void binariesScene(h.loop, offer, () => new Promise(() => undefined));
    const text = (await h.text()).join(' ');
    expect(text).not.toContain('…');
    const shown = words(text.replace(/,/g, ' '));
    for (const p of offer.projects) for (const b of p.binaries) expect(shown, b).toContain(b);
    expect(text).toContain('downloads them now');
    h.stop();
  });

  it('at 80x24: the lesson errors, scrolled through, give every problem in full', async () => {
    const broken = await loadWorkshop('test/fixtures/lint-errors');
    const h = harness(80, 24);
    void errorsScreen(
      h.loop,
      false,
      { ok: false, dir: 'test/fixtures/lint-errors', issues: broken.issues },
      () => Promise.resolve({ ok: false, dir: 'x', issues: broken.issues }),
    );
    const seen: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      seen.push(...(await h.text()).slice(0, 22));
      h.type('jjjjjjj');
      await until(() => h.loop.settled());
    }
    const shown = words(seen.join(' '));
    expect(broken.issues.length).toBeGreaterThan(2);
    for (const issue of broken.issues)
      expect(missingWord(words(issue.message), shown), issue.message).toBeUndefined();
    h.stop();
  });
});
