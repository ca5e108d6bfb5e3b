// The headless half of `demystify replay`, until the UI plays chapters: each
// step printed (its explanation and its body), then run, with what the shell
// printed and the step's result. On a terminal it waits for Enter before
// every step (checks included); with --auto, or when stdin is not a
// terminal, it goes straight through.
import readline from 'node:readline';
import { runChapter } from '../engine/chapter-runner.js';
import { formatStepLine } from '../engine/headless.js';
import type { Paint } from '../engine/reach-report.js';
import type { StepDeps } from '../engine/run-step.js';
import { chapterDone, stepLabel, type ChapterRunState } from '../engine/step-status.js';
import type { Chapter, Step } from '../lesson/model.js';
import { MarkScanner } from '../engine/osc133.js';
import { AnsiLineSplitter } from '../terminal/ansi-lines.js';

export interface PlayStepsOptions {
  readonly deps: StepDeps;
  readonly write: (line: string) => void;
  readonly paint: Paint;
  /** Wait for Enter before each step. */
  readonly pause: boolean;
  readonly signal?: AbortSignal;
  readonly onStepStart?: (step: Step) => void;
}

export async function playSteps(chapter: Chapter, opts: PlayStepsOptions): Promise<ChapterRunState> {
  const { write, paint } = opts;
  const enter = opts.pause ? lineReader() : undefined;
  let offShell: (() => void) | undefined;
  let straight = false;
  try {
    write(paint(1, `${chapter.meta.id} — ${chapter.meta.title}`));
    const total = chapter.steps.length;
    return await runChapter(chapter, {
      deps: opts.deps,
      signal: opts.signal,
      beforeStep: async (step) => {
        const n = chapter.steps.indexOf(step) + 1;
        write('');
        write(paint(36, `── step ${n}/${total} · ${step.id} · ${stepLabel(step)}`));
        for (const line of explanation(step.explanation)) write(paint(2, `  ${line}`));
        for (const line of step.body.trimEnd().split('\n')) write(`  ${paint(33, '│')} ${line}`);
        if (enter && !straight) {
          straight = !(await enter(
            paint(2, `  press Enter to ${step.kind === 'check' ? 'check' : 'run'} it (Ctrl-C stops)`),
          ));
          if (straight) write(paint(2, '  (no more input: running the rest straight through)'));
        }
      },
      onEvent: (event, st, step) => {
        if (event.type === 'started') {
          opts.onStepStart?.(step);
          if (step.kind === 'shell') offShell = echoShell(opts.deps, write, paint);
        }
        if (event.type === 'passed' || event.type === 'failed') {
          offShell?.();
          offShell = undefined;
          write(formatStepLine(step.id, stepLabel(step), st.steps[step.id], paint));
        }
      },
    }).then((state) => {
      write('');
      write(
        chapterDone(state)
          ? `${chapter.meta.id}: every step passed`
          : `${chapter.meta.id}: stopped at a failing step`,
      );
      return state;
    });
  } finally {
    offShell?.();
    enter?.close();
  }
}

/**
 * What a shell step prints, one indented line at a time: the text between
 * the OSC 133 "output starts" and "command done" markers, read with the
 * shell's own marker scanner, so the echo of the pasted command (already
 * shown above) is left out.
 */
function echoShell(deps: StepDeps, write: (l: string) => void, paint: Paint): () => void {
  const split = new AnsiLineSplitter();
  const scanner = new MarkScanner();
  let state: 'echo' | 'output' | 'done' = 'echo';
  const off = deps.shell.component.onData((chunk) => {
    for (const t of scanner.tokens(chunk)) {
      if (state === 'echo' && t.kind === 'output') state = 'output';
      else if (state === 'output' && t.kind === 'done') state = 'done';
      else if (state === 'output' && t.kind === 'text')
        for (const line of split.push(t.text)) write(paint(2, `  ▏ ${line}`));
    }
  });
  return () => {
    off();
    const rest = split.partial();
    if (rest.trim()) write(paint(2, `  ▏ ${rest}`));
  };
}

/** The paragraph(s) before a step, as plain text lines, without blank runs; long prose keeps its end. */
function explanation(markdown: string): string[] {
  const lines = markdown
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, a) => l !== '' || (i > 0 && a[i - 1] !== ''))
    .filter((l) => !/^<!--|^#+\s*$/.test(l.trim()));
  while (lines[0] === '') lines.shift();
  while (lines.at(-1) === '') lines.pop();
  if (lines.length <= 12) return lines;
  const tail = lines.slice(-11);
  while (tail[0] === '') tail.shift();
  return ['…', ...tail];
}

type Asker = ((prompt: string) => Promise<boolean>) & { close(): void };

/** Reads whole lines from stdin in cooked mode, so Ctrl-C stays a signal the clean-up handles. */
function lineReader(): Asker {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const lines: string[] = [];
  const waiting: ((ok: boolean) => void)[] = [];
  let ended = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()!(true) : lines.push(l)));
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(false);
  });
  const ask = (prompt: string): Promise<boolean> => {
    if (ended) return Promise.resolve(false);
    process.stdout.write(`${prompt} `);
    if (lines.shift() !== undefined) return Promise.resolve(true);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return Object.assign(ask, { close: () => rl.close() });
}
