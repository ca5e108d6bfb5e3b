// `demystify` on a terminal: the chaptered UI. Loads the lessons (showing
// authoring errors in the app), opens a session (the learner's shell and the
// supervisor), resumes the saved progress, and runs until the learner quits;
// every component stops on the way out, however it ends.
import fs from 'node:fs';
import { checkpointsFor, sessionOptions } from './command-session.js';
import { notesState } from '../present/notes-state.js';
import { NotesServer, NotesServerError } from '../present/notes-server.js';
import { socketPath } from '../present/protocol.js';
import { WorkshopController } from '../engine/controller.js';
import { ProgressStore } from '../engine/progress.js';
import { WireFeed } from '../engine/wire-feed.js';
import { auditLogPath } from '../wire/audit-files.js';
import { openSession, type Session } from '../engine/session.js';
import { LoadError } from '../lesson/load.js';
import { loadFor } from './load-lessons.js';
import type { Workshop } from '../lesson/model.js';
import { installCleanup, type Cleanup } from '../terminal/index.js';
import type { LoadAttempt } from '../ui/errors-screen.js';
import { keyFor } from '../ui/key-bindings.js';
import { chapterRows } from '../ui/pane-info.js';
import type { ScreenLoop } from '../ui/screen-loop.js';
import { processTerminal } from '../ui/terminal-io.js';
// The screen (Ink, React, the components) and the app (panes, emulator) are imported while the shell starts.
import type { WorkshopApp } from '../ui/workshop-app.js';
import { describeLeftovers } from '../host/journal.js';
import { CliError, EXIT } from './cli-error.js';
import { offerMissingBinaries } from './first-run.js';
import { workshopKey, type Resolved } from './options.js';
import { joinClass, joinFromLine, type JoinRequest } from './join-class.js';
import type { PresenterStream } from '../class/presenter-stream.js';
import { streamToClass } from './present-class.js';
import { tapTerminal } from '../ui/class/screen-tap.js';

async function load(r: Resolved): Promise<LoadAttempt> {
  const dir = r.lessonsDir;
  try {
    const { workshop, issues } = await loadFor(r);
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
      `welcome back: this chapter needs ${missing.join(', ')} running, which stopped when demystify quit; pick this chapter again (${keyFor('main', 'chapters')}) to bring the cluster back to its start`,
    );
  return notes.length ? notes.join(' · ') : undefined;
}

export interface UiOptions {
  /** Open this chapter (id) after bringing the cluster to its start: `replay` and `present <chapter>`. */
  readonly chapter?: string;
  /** With `chapter`: ignore checkpoints, fast-forward from an empty workspace. */
  readonly fastForward?: boolean;
  /** Presenter mode: commands typed out at this many ms a character, and the notes socket. */
  readonly presenter?: { readonly typingMs: number };
  /** --join: the learner's progress goes to this class. */
  readonly join?: JoinRequest;
}

export async function uiCommand(r: Resolved, opts: UiOptions = {}): Promise<number> {
  // Tapped: a shared screen (the presenter's, a learner's) is the frames this terminal gets.
  const terminal = tapTerminal(processTerminal());
  let session: Session | undefined;
  let cleanup: Cleanup | undefined;
  let app: WorkshopApp | undefined;
  let notes: NotesServer | undefined;
  let stream: PresenterStream | undefined;
  let wire: WireFeed | undefined;
  // The screen (Ink, React, the components) loads while the lessons are read: Yoga compiles its
  // WebAssembly off the main thread, and reading files leaves the main thread time to spare.
  const screenModule = import('../ui/screen-loop.js');
  const startingModule = import('../ui/starting-scene.js');
  // Awaited later; a failed load must surface there, not as an unhandled rejection meanwhile.
  for (const m of [screenModule, startingModule]) m.catch(() => undefined);
  let loop: ScreenLoop | undefined;
  const screen = async (): Promise<ScreenLoop> => {
    const { ScreenLoop } = await screenModule;
    return (loop ??= new ScreenLoop(terminal, { color: r.color }));
  };
  terminal.enter();
  try {
    const first = await load(r);
    let workshop: Workshop | undefined;
    if (first.ok) workshop = first.workshop;
    else {
      const { errorsScreen } = await import('../ui/errors-screen.js');
      workshop = await errorsScreen(await screen(), r.color, first, () => load(r));
    }
    if (!workshop) return EXIT.ok;
    if ((await offerMissingBinaries(screen, r, workshop)) === 'quit') return EXIT.ok;
    const progress = await ProgressStore.open(r.stateDir, workshopKey(r));
    const saved = await progress.read();
    const start = workshop.chapters.find((c) => c.meta.id === saved.current);
    const passed = start && !opts.chapter ? (saved.chapters[start.meta.id]?.passed ?? []) : [];
    const chapters = chapterRows(workshop, saved);
    // The shell starts (another process) while the screen is loaded and its first frame drawn.
    const opening = openSession(sessionOptions(r, r.workspace, workshop));
    const { startingScene } = await startingModule;
    const shown = await screen();
    shown.show(
      startingScene({
        size: terminal,
        workshop,
        chapterIndex: start && !opts.chapter ? workshop.chapters.indexOf(start) : 0,
        passed,
        chapters,
        color: r.color,
        presenter: opts.presenter !== undefined,
      }),
    );
    // The app (panes, the terminal emulator, keys) loads after the first frame, while the shell starts.
    const appModule = import('../ui/workshop-app.js');
    session = await opening;
    // Ctrl-C cannot reach us in raw mode, but SIGTERM, SIGHUP (the terminal closed) and crashes can.
    const running = session;
    cleanup = installCleanup(session.supervisor, {
      beforeExit: () => terminal.leave(),
      afterStop: () => running.tearDown(),
    });
    const checkpoints = await checkpointsFor(r, workshop, session);
    const controller = new WorkshopController(
      workshop,
      session.deps,
      progress,
      {
        chapterId: opts.chapter ? undefined : start?.meta.id,
        passed,
      },
      checkpoints,
    );
    if (opts.presenter) session.shell.typingMs = opts.presenter.typingMs;
    // The wire view's feed: the workspace's audit log, followed from now on.
    wire = new WireFeed(auditLogPath(r.workspace));
    wire.start();
    const { WorkshopApp } = await appModule;
    app = new WorkshopApp({
      workshop,
      controller,
      supervisor: session.supervisor,
      progress,
      terminal,
      loop: shown,
      color: r.color,
      chapters,
      wire,
      notice: opts.chapter ? undefined : startNotice(workshop, session, start?.meta.id),
      classScreen: terminal.source,
      joinClass: joinFromLine(
        r.stateDir,
        opts.join?.name,
        controller,
        workshop.chapters.length,
        (message) => {
          if (app) app.setUi({ ...app.ui(), message });
        },
      ),
      ...(opts.presenter ? { presenter: { typing: session.shell } } : {}),
    });
    const asking = app;
    session.nodes.root.asker = (why, retry) => asking.askPassword(why, retry);
    watchRoot(app, session);
    if (opts.join) {
      const say = (message: string): void => asking.setUi({ ...asking.ui(), message });
      asking.classroom.attach(
        await joinClass(r.stateDir, opts.join, controller, workshop.chapters.length, say),
      );
    }
    const stats = statsWriter(shown);
    // Before the screen changes: a second presenter in the same state folder is refused with a sentence.
    if (opts.presenter) notes = await listenForNotes(r, app, session);
    if (opts.presenter) stream = await streamToClass(r.stateDir, terminal.source);
    const done = app.start();
    // A chapter named on the command line: its start is reached (restore or fast-forward) while the UI shows how far it got.
    if (opts.chapter)
      void app.controller.jumpTo(opts.chapter, { reach: true, fastForward: opts.fastForward ?? false });
    await done;
    // Quitting the workshop is not leaving the class: the row stays (away), and joining again finds it.
    await app.classroom.close();
    await stream?.close();
    stream = undefined;
    await notes?.close();
    notes = undefined;
    await wire.close();
    wire = undefined;
    clearInterval(stats);
    controller.stopChecks();
    await session.close();
    session = undefined;
    return EXIT.ok;
  } finally {
    await app?.classroom.close();
    await stream?.close();
    await notes?.close();
    await wire?.close();
    app?.stop();
    loop?.stop();
    await session?.close();
    terminal.leave();
    cleanup?.uninstall();
  }
}

/** The notes terminal's socket: state on every change of the controller or a component, commands as keys. */
async function listenForNotes(r: Resolved, app: WorkshopApp, session: Session): Promise<NotesServer> {
  const current = (): ReturnType<typeof notesState> =>
    notesState(
      app.workshop,
      app.controller.state(),
      session.supervisor.list().map((c) => ({ name: c.name, state: c.state() })),
      session.shell.typingMs,
    );
  const server = await NotesServer.listen(socketPath(r.stateDir), current, (c) => {
    if (c.action === 'jump') app.command({ kind: 'jump', chapterIndex: c.chapter });
    else app.command({ kind: 'flow', action: c.action });
  }).catch((e: unknown) => {
    if (e instanceof NotesServerError) throw new CliError(e.message);
    throw e;
  });
  app.controller.subscribe(() => server.update());
  return server;
}

/** DEMYSTIFY_UI_STATS=<file>: the frame clock's counts and the heap, each second, for bench/render*.mjs. */
function statsWriter(loop: ScreenLoop): NodeJS.Timeout | undefined {
  const file = process.env.DEMYSTIFY_UI_STATS;
  if (!file) return undefined;
  const write = (): void => {
    const mem = process.memoryUsage();
    fs.writeFileSync(
      file,
      JSON.stringify({ ...loop.stats(), heapUsed: mem.heapUsed, rss: mem.rss, at: Date.now() }),
    );
  };
  return setInterval(write, 1000).unref();
}

/**
 * Root, the UI way: what a dead session left is removed first (asking for the
 * password if that is what it takes), and entering a chapter that needs root
 * asks for it then, with the chapter's reason, rather than in the middle of a
 * step. Declining leaves the chapter open; its first root step asks again.
 */
function watchRoot(app: WorkshopApp, session: Session): void {
  const root = session.nodes.root;
  const say = (message: string): void => app.setUi({ ...app.ui(), message });
  const left = root.leftovers();
  if (left)
    void root.repair().then(
      (removed) =>
        say(`removed what the last session left: ${removed.join('; ') || describeLeftovers(left)}`),
      (e: unknown) => say(`the last session left ${describeLeftovers(left)}: ${(e as Error).message}`),
    );
  let asked = '';
  const check = (): void => {
    const chapter = app.controller.state().chapter;
    if (!chapter.meta.needsRoot || root.started() || asked === chapter.meta.id) return;
    asked = chapter.meta.id;
    root.ensure(session.nodes.whyForChapter(chapter)).catch((e: unknown) => say((e as Error).message));
  };
  app.controller.subscribe(check);
  check();
}
