// `demystify test [chapters...]`: runs every step and check headless, in
// order, from a fresh workspace unless --workspace names one. Exit 0 only if
// every step passed. --checkpoints saves a checkpoint at the start of each
// chapter (what `demystify replay` restores); --record DIR writes each
// chapter's panes as asciicast files (what `demystify play` reads).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Checkpoints } from '../engine/checkpoint/checkpoints.js';
import { runHeadless, type ChapterHooks } from '../engine/headless.js';
import { ChapterRecorder } from '../engine/recorder.js';
import { chapterDone } from '../engine/step-status.js';
import { formatDuration } from '../lesson/duration.js';
import type { Chapter, Workshop } from '../lesson/model.js';
import type { Supervisor } from '../terminal/types.js';
import { EXIT } from './cli-error.js';
import { checkpointsFor, openCommandSession } from './command-session.js';
import { chaptersByKeys } from './load-lessons.js';
import { prepareRoot, requireBinaries } from './root-prepare.js';
import type { Resolved } from './options.js';

export interface TestOptions {
  readonly proveChecks?: boolean;
  /** Save a checkpoint at the start of each chapter. */
  readonly checkpoints?: boolean;
  /** Record each chapter into <record>/<chapter-id>/. */
  readonly record?: string;
}

export async function testCommand(
  workshop: Workshop,
  r: Resolved,
  keys: readonly string[],
  write: (s: string) => void,
  opts: TestOptions = {},
): Promise<number> {
  const chapters = keys.length ? chaptersByKeys(workshop, keys) : [...workshop.chapters];
  const workspace = r.workspaceGiven
    ? r.workspace
    : await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-test-'));
  write(`workspace: ${workspace}`);
  if (opts.checkpoints && !r.workspaceGiven)
    write(
      'note: --checkpoints without --workspace saves checkpoints of a temporary workspace; replay needs the same --workspace',
    );
  const run = await openCommandSession(r, workshop, workspace, write);
  const { session } = run;
  try {
    requireBinaries(session, chapters);
    await prepareRoot(session, chapters, write);
    const checkpoints = opts.checkpoints ? await checkpointsFor(r, workshop, session) : undefined;
    const result = await runHeadless(chapters, {
      deps: session.deps,
      write,
      color: r.color,
      proveChecks: opts.proveChecks ?? false,
      signal: run.signal,
      hooks: chapterHooks(workshop, session.supervisor, checkpoints, opts.record, write),
    });
    const ok = result.failed === 0 && result.notRun === 0;
    if (!ok && !r.workspaceGiven) write(`the workspace is kept for a look: ${workspace}`);
    if (ok && !r.workspaceGiven) {
      await fs.rm(workspace, { recursive: true, force: true }).catch(() => undefined);
      await checkpoints?.store.remove();
    }
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await run.close();
  }
}

function chapterHooks(
  workshop: Workshop,
  supervisor: Supervisor,
  checkpoints: Checkpoints | undefined,
  recordDir: string | undefined,
  write: (s: string) => void,
): ChapterHooks {
  let recorder: ChapterRecorder | undefined;
  const passed = new Set<string>();
  // A checkpoint says "this is the start of chapter X": only true when every chapter before X ran here.
  const leadsUpTo = (chapter: Chapter): boolean =>
    workshop.chapters.slice(0, workshop.chapters.indexOf(chapter)).every((c) => passed.has(c.meta.id));
  return {
    beforeChapter: async (chapter) => {
      if (checkpoints && !leadsUpTo(chapter))
        write(`  no checkpoint of ${chapter.meta.id}: the chapters before it did not all run here`);
      else if (checkpoints?.cannotSave())
        write(`  no checkpoint of ${chapter.meta.id}: ${checkpoints.cannotSave()}`);
      else if (checkpoints) {
        const t = Date.now();
        try {
          await checkpoints.save(chapter.meta.id);
          write(`  checkpoint of ${chapter.meta.id} saved (${formatDuration(Date.now() - t)})`);
        } catch (e) {
          write(`  warning: ${(e as Error).message}`);
        }
      }
      if (recordDir)
        recorder = await ChapterRecorder.start({
          dir: path.join(path.resolve(recordDir), chapter.meta.id),
          chapter,
          supervisor,
        });
    },
    onStepStart: (_chapter, step) => recorder?.marker(step),
    afterChapter: async (chapter, state) => {
      if (state && chapterDone(state)) passed.add(chapter.meta.id);
      if (!recorder) return;
      const manifest = await recorder.finish({ ok: state ? chapterDone(state) : false });
      recorder = undefined;
      write(
        `  recorded ${manifest.panes.length} panes into ${path.join(path.resolve(recordDir!), chapter.meta.id)}`,
      );
    },
  };
}
