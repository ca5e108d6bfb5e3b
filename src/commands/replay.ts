// `demystify replay <chapter>`: the cluster as it was at the start of that
// chapter (its checkpoint restored, or the chapters before it run headless),
// then the chapter itself, step by step. Until the workshop UI plays
// chapters, the steps are printed and run here (replay-steps.ts).
import path from 'node:path';
import { reachChapterStart } from '../engine/reach-chapter.js';
import { formatReachEvent, painter } from '../engine/reach-report.js';
import { ChapterRecorder } from '../engine/recorder.js';
import { chapterDone } from '../engine/step-status.js';
import { formatDuration } from '../lesson/duration.js';
import type { Workshop } from '../lesson/model.js';
import { EXIT } from './cli-error.js';
import { checkpointsFor, openCommandSession } from './command-session.js';
import { chaptersByKeys } from './load-lessons.js';
import type { Resolved } from './options.js';
import { playSteps } from './replay-steps.js';
import { prepareRoot, requireBinaries } from './root-prepare.js';

export interface ReplayOptions {
  /** Run the steps straight through, without waiting for Enter. */
  readonly auto?: boolean;
  /** Ignore checkpoints: fast-forward from an empty workspace. */
  readonly fastForward?: boolean;
  /** Record the chapter into <record>/<chapter-id>/. */
  readonly record?: string;
}

export async function replayCommand(
  workshop: Workshop,
  r: Resolved,
  key: string,
  write: (s: string) => void,
  opts: ReplayOptions = {},
): Promise<number> {
  const [chapter] = chaptersByKeys(workshop, [key]);
  const paint = painter(r.color);
  write(`workspace: ${r.workspace}`);
  const run = await openCommandSession(r, workshop, r.workspace, write);
  const { session } = run;
  let recorder: ChapterRecorder | undefined;
  try {
    // Every chapter up to this one may run (a fast-forward): binaries and root are settled first.
    const upTo = workshop.chapters.slice(0, workshop.chapters.indexOf(chapter!) + 1);
    requireBinaries(session, upTo);
    await prepareRoot(session, upTo, write);
    const checkpoints = await checkpointsFor(r, workshop, session);
    const reached = await reachChapterStart({
      workshop,
      chapterId: chapter!.meta.id,
      deps: session.deps,
      checkpoints,
      useCheckpoints: !opts.fastForward,
      signal: run.signal,
      onEvent: (e) => {
        const line = formatReachEvent(e, paint);
        if (line !== undefined) write(line);
      },
    });
    if (!reached.ok) {
      write(paint(31, `could not reach the start of ${chapter!.meta.id}: ${reached.reason}`));
      return EXIT.failed;
    }
    const how = reached.restoredFrom
      ? `restore ${formatDuration(reached.restoreMs)}${reached.fastForwarded.length ? `, fast-forward ${formatDuration(reached.fastForwardMs)}` : ''}`
      : `fast-forward ${formatDuration(reached.fastForwardMs)}`;
    write(paint(1, `at the start of ${chapter!.meta.id} after ${formatDuration(reached.ms)} (${how})`));
    write('');
    if (opts.record)
      recorder = await ChapterRecorder.start({
        dir: path.join(path.resolve(opts.record), chapter!.meta.id),
        chapter: chapter!,
        supervisor: session.supervisor,
      });
    const state = await playSteps(chapter!, {
      deps: session.deps,
      write,
      paint,
      pause: !opts.auto && Boolean(process.stdin.isTTY),
      signal: run.signal,
      onStepStart: (step) => recorder?.marker(step),
    });
    const ok = chapterDone(state);
    if (recorder) {
      await recorder.finish({ ok });
      write(`recorded into ${path.join(path.resolve(opts.record!), chapter!.meta.id)}`);
    }
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await recorder?.finish();
    await run.close();
  }
}
