// `demystify` on a terminal: the chaptered UI. Loads the lessons (showing
// authoring errors in the app), opens a session (the learner's shell and the
// supervisor), resumes the saved progress, and runs until the learner quits;
// every component stops on the way out, however it ends.
import fs from 'node:fs';
import { sessionOptions } from './command-session.js';
import { WorkshopController } from '../engine/controller.js';
import { ProgressStore } from '../engine/progress.js';
import { openSession, type Session } from '../engine/session.js';
import { loadWorkshop, LoadError } from '../lesson/load.js';
import type { Workshop } from '../lesson/model.js';
import { installCleanup, type Cleanup } from '../terminal/index.js';
import { errorsScreen, type LoadAttempt } from '../ui/errors-screen.js';
import { processTerminal } from '../ui/terminal-io.js';
import { WorkshopApp } from '../ui/workshop-app.js';
import { EXIT } from './cli-error.js';
import type { Resolved } from './options.js';

async function load(dir: string): Promise<LoadAttempt> {
  try {
    const { workshop, issues } = await loadWorkshop(dir);
    return issues.length ? { ok: false, dir, issues } : { ok: true, workshop };
  } catch (e) {
    if (e instanceof LoadError) return { ok: false, dir, issues: [], error: e.message };
    throw e;
  }
}

function startNotice(
  workshop: Workshop,
  session: Session,
  chapterId: string | undefined,
): string | undefined {
  const notes: string[] = [];
  for (const r of session.reaped)
    notes.push(`stopped ${r.name} (pid ${r.pid}), left running by an earlier demystify`);
  notes.push(...session.warnings);
  const chapter = workshop.chapters.find((c) => c.meta.id === chapterId);
  const missing = chapter?.meta.requires.filter((n) => !session.supervisor.get(n)) ?? [];
  if (missing.length)
    notes.push(
      `welcome back: this chapter needs ${missing.join(', ')} running, which stopped when demystify quit; start it again from the chapter that starts it (c)`,
    );
  return notes.length ? notes.join(' · ') : undefined;
}

export async function uiCommand(r: Resolved): Promise<number> {
  const terminal = processTerminal();
  let session: Session | undefined;
  let cleanup: Cleanup | undefined;
  let app: WorkshopApp | undefined;
  terminal.enter();
  try {
    const first = await load(r.lessonsDir);
    const workshop = first.ok
      ? first.workshop
      : await errorsScreen(terminal, r.color, first, () => load(r.lessonsDir));
    if (!workshop) return EXIT.ok;
    terminal.write('\x1b[H\x1b[2J\r\n  Starting your shell…');
    session = await openSession(sessionOptions(r, r.workspace));
    // Ctrl-C cannot reach us in raw mode, but SIGTERM, SIGHUP (the terminal closed) and crashes can.
    cleanup = installCleanup(session.supervisor, { beforeExit: () => terminal.leave() });
    const progress = await ProgressStore.open(r.stateDir, r.lessonsDir);
    const saved = await progress.read();
    const start = workshop.chapters.find((c) => c.meta.id === saved.current);
    const controller = new WorkshopController(workshop, session.deps, progress, {
      chapterId: start?.meta.id,
      passed: start ? (saved.chapters[start.meta.id]?.passed ?? []) : [],
    });
    app = new WorkshopApp({
      workshop,
      controller,
      supervisor: session.supervisor,
      progress,
      terminal,
      color: r.color,
      notice: startNotice(workshop, session, start?.meta.id),
    });
    const stats = statsWriter(app);
    await app.start();
    clearInterval(stats);
    controller.stopChecks();
    await session.close();
    session = undefined;
    return EXIT.ok;
  } finally {
    app?.stop();
    await session?.close();
    terminal.leave();
    cleanup?.uninstall();
  }
}

/** DEMYSTIFY_UI_STATS=<file>: the frame clock's counts and the heap, each second, for bench/render*.mjs. */
function statsWriter(app: WorkshopApp): NodeJS.Timeout | undefined {
  const file = process.env.DEMYSTIFY_UI_STATS;
  if (!file) return undefined;
  const write = (): void => {
    const mem = process.memoryUsage();
    fs.writeFileSync(
      file,
      JSON.stringify({ ...app.stats(), heapUsed: mem.heapUsed, rss: mem.rss, at: Date.now() }),
    );
  };
  return setInterval(write, 1000).unref();
}
