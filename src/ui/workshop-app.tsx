// The running UI: the engine's controller, the panes and the learner's keys,
// as a scene of the screen loop. Everything the screen's components show is
// in one store (workshop-state.ts): the app writes the controller's state,
// the UI's own and what it gathers from the panes into it, and the loop
// publishes it at the next frame. After Ink laid the screen out, the app
// reads where the lesson and the pane bodies ended up: the lesson is
// scrolled to what fits, each pane's pty and emulator get their body's size,
// and the compositor draws the panes there. The UI never starts processes
// itself: it sends the controller commands.
import React from 'react';
import type { ControllerState, WorkshopController } from '../engine/controller.js';
import type { ProgressStore } from '../engine/progress.js';
import type { WireFeed } from '../engine/wire-feed.js';
import type { Workshop } from '../lesson/model.js';
import { PaneRegistry } from '../terminal/pane-registry.js';
import { isRunning, type Supervisor } from '../terminal/types.js';
import { routerHost, type AppContext } from './app-commands.js';
import { ClassSeat } from './class/class-seat.js';
import type { ClassLearner } from '../class/learner.js';
import type { ScreenSource } from '../class/screen-share.js';
import { WorkshopScreen } from './components/WorkshopScreen.js';
import { captureConsole } from './console-capture.js';
import { moveCursor } from './copy-mode.js';
import { paneBodies, type Geometry } from './geometry.js';
import { InputRouter, type Effect, type RouterHost } from './input-router.js';
import { layoutMode, lessonBodyGuess } from './layout.js';
import { LessonLayout } from './lesson-layout.js';
import { chapterWidth } from './lesson-text.js';
import { chapterRows, type ChapterRow, type PaneInfo } from './pane-info.js';
import { focusedPane, paneCursor, paneViews, sizePanes } from './pane-views.js';
import { PasswordPrompt } from './password-prompt.js';
import { nextTypingMs, presenterHints } from './presenter.js';
import type { PaneFrame, Scene, ScreenLoop } from './screen-loop.js';
import { lessonAreaView, lessonTopFor } from './stage-views.js';
import { Store } from './store.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme, type Theme } from './theme.js';
import { initialUi, NO_OVERLAY, withPanes, type UiState } from './ui-state.js';
import { leftStepLabel, StoryTeller, wireRegionState } from './wire-region.js';
import { firstWorkshopState, workshopStore, type WorkshopState } from './workshop-state.js';

export interface WorkshopAppOptions {
  readonly workshop: Workshop;
  readonly controller: WorkshopController;
  readonly supervisor: Supervisor;
  readonly progress: ProgressStore;
  readonly terminal: TerminalIO;
  /** The screen loop this app is shown in (start-up may have shown another scene in it first). */
  readonly loop: ScreenLoop;
  readonly color: boolean;
  /** A sentence for the status line at start (e.g. what an earlier run left behind). */
  readonly notice?: string;
  /** Presenter mode: the calm step view, no chapter list, and the typing speed of the shell. */
  readonly presenter?: { readonly typing: { typingMs: number } };
  /** The chapter list as the start-up screen showed it (the progress is read again at start). */
  readonly chapters?: readonly ChapterRow[];
  /** The session's wire feed (the audit log followed): the wire view's lines. */
  readonly wire?: WireFeed;
  /** This screen as a class can watch it, for sharing it (the tapped terminal). */
  readonly classScreen?: ScreenSource;
  /** Joins the class of a join line typed in the UI (the join key). */
  readonly joinClass?: (line: string) => Promise<ClassLearner>;
}

/** New audit lines reach the wire view at most this often (ms). */
const WIRE_EVERY_MS = 250;

export class WorkshopApp implements AppContext, Scene {
  readonly workshop: Workshop;
  readonly controller: WorkshopController;
  readonly terminal: TerminalIO;
  readonly panes: PaneRegistry;
  readonly theme: Theme;
  readonly store: Store<WorkshopState>;
  readonly view: React.ReactElement;
  readonly classroom: ClassSeat;
  private readonly loop: ScreenLoop;
  private readonly router: InputRouter;
  private readonly host: RouterHost;
  private readonly lesson: LessonLayout;
  /** The pane copy mode was in at the last frame. */
  private copyPane: string | undefined;
  private stepSince: number | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly watched = new Set<string>();
  /** A pane came or a component's state changed since the last frame (the first frame looks anyway). */
  private panesChanged = true;
  /** The wire feed has lines the wire view has not taken yet (or its filter or window changed). */
  private wireChanged = true;
  private lastWireAt = 0;
  /** Whether the wire view showed every request at its last gathering. */
  private wireAll = false;
  private wireTimer: NodeJS.Timeout | undefined;
  private readonly storyTeller = new StoryTeller();
  /** How the step the learner last left reads, as it was when they left it. */
  private leftStep: string | undefined;
  private readonly offs: (() => void)[] = [];
  private finish: () => void = () => undefined;
  /** The sudo password being asked for: while it is open, every key goes to it. */
  private prompt: PasswordPrompt | undefined;
  readonly done: Promise<void>;

  constructor(private readonly opts: WorkshopAppOptions) {
    this.workshop = opts.workshop;
    this.controller = opts.controller;
    this.terminal = opts.terminal;
    this.theme = makeTheme(opts.color);
    this.panes = new PaneRegistry(opts.supervisor, { cols: 80, rows: 24 });
    this.loop = opts.loop;
    const ui = opts.notice ? { ...initialUi(), message: opts.notice } : initialUi();
    this.store = new Store(
      firstWorkshopState(opts.controller.state(), {
        presenter: this.presenter,
        ui,
        chapters: opts.chapters ?? chapterRows(opts.workshop, undefined),
      }),
    );
    if (opts.presenter) this.store.set({ footer: { hints: presenterHints(opts.presenter.typing.typingMs) } });
    this.view = (
      <workshopStore.Provider store={this.store}>
        <WorkshopScreen />
      </workshopStore.Provider>
    );
    this.lesson = new LessonLayout(
      this.store,
      (width) => lessonAreaView(this.controllerState(), this.workshop, this.presenter, width, this.theme),
      () =>
        lessonBodyGuess(this.terminal.cols, this.terminal.rows, {
          wants: this.store.get().lessonWants,
          presenter: this.presenter,
          chapterCount: this.workshop.chapters.length,
        }),
    );
    this.classroom = new ClassSeat({
      screen: opts.classScreen,
      ...(opts.joinClass ? { join: opts.joinClass } : {}),
      publish: (classroom) => this.store.set({ classroom }),
    });
    this.host = routerHost(this);
    this.router = new InputRouter(this.host);
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** Starts drawing and listening; `done` resolves when the learner quits. */
  start(): Promise<void> {
    const { controller } = this;
    this.offs.push(
      controller.subscribe((s) => this.onController(s)),
      this.panes.onChange(() => {
        this.panesChanged = true;
        // kube-apiserver started or stopped: whether it audits may have changed.
        this.wireChanged = true;
        this.loop.request();
      }),
    );
    const { wire } = this.opts;
    // A batch of audit lines asks for a frame; the view takes them at the frame, never more often.
    if (wire)
      this.offs.push(
        wire.subscribe(() => {
          this.wireChanged = true;
          if (this.controllerState().wire?.open) this.wireFrame();
        }),
      );
    this.offs.push(captureConsole((line) => this.setUi({ ...this.ui(), message: line })));
    void this.refreshProgress();
    this.onController(controller.state());
    this.loop.show(this);
    return this.done;
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.wireTimer) clearTimeout(this.wireTimer);
    for (const off of this.offs.splice(0)) off();
    this.panes.dispose();
  }

  input(chunk: string): void {
    if (this.prompt) {
      if (this.prompt.feed(chunk)) {
        this.prompt = undefined;
        this.store.set({ prompt: undefined });
      }
      return;
    }
    const ui = this.ui();
    if (ui.message && !ui.quitting) this.setUi({ ...ui, message: undefined });
    this.router.feed(chunk);
  }

  /** A command from outside the keyboard (the presenter's notes terminal), as if its key was pressed. */
  command(e: Effect): void {
    this.host.effect(e);
  }

  get presenter(): boolean {
    return this.opts.presenter !== undefined;
  }

  /** Presenter mode: the next typing speed up or down the steps; undefined outside presenter mode. */
  changeTyping(step: 1 | -1): number | undefined {
    const t = this.opts.presenter?.typing;
    if (!t) return undefined;
    t.typingMs = nextTypingMs(t.typingMs, step);
    this.store.set({ footer: { hints: presenterHints(t.typingMs) } });
    return t.typingMs;
  }

  ui(): UiState {
    return this.store.get().ui;
  }

  setUi(ui: UiState): void {
    this.store.set({ ui });
  }

  controllerState(): ControllerState {
    return this.store.get().controller;
  }

  geometry(): Geometry {
    return this.loop.lastGeometry();
  }

  /** Stacked, with one pane on view (and not zoomed): left and right go through the panes like tabs. */
  narrow(): boolean {
    return layoutMode(this.terminal.cols, this.terminal.rows) === 'narrow';
  }

  write(bytes: string): void {
    this.loop.write(bytes);
  }

  quit(): void {
    this.setUi({ ...this.ui(), quitting: true, overlay: NO_OVERLAY });
    this.loop.drawNow();
    this.finish();
  }

  /** The session's way to ask for the sudo password: on this screen, once per call. */
  askPassword(why: string, retry: boolean): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.prompt = new PasswordPrompt(why, retry, resolve);
      this.store.set({ prompt: this.prompt.state(process.env.USER ?? process.env.LOGNAME ?? 'you') });
    });
  }

  private onController(s: ControllerState): void {
    const prev = this.controllerState();
    const status = s.current ? s.run.steps[s.current.id] : undefined;
    const active = status?.kind === 'running' || status?.kind === 'waiting';
    if (active && this.stepSince === undefined) this.stepSince = Date.now();
    if (!active) this.stepSince = undefined;
    // Elapsed seconds in the status line: one chrome frame a second while a step is under way.
    if (active && !this.ticker) this.ticker = setInterval(() => this.loop.request(), 1000);
    if (!active && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    const moved = prev.chapterIndex !== s.chapterIndex || prev.run.cursor !== s.run.cursor;
    if (prev.lastStep !== s.lastStep) this.leftStep = leftStepLabel(prev, s);
    if (prev.wire !== s.wire || prev.lastStep !== s.lastStep || moved) this.wireChanged = true;
    let ui = this.ui();
    if (moved) ui = { ...ui, lessonTop: undefined };
    // Answered in the shell (or moved on): the answer line has nothing left to answer.
    if (ui.overlay.kind === 'answer' && !s.awaiting) ui = { ...ui, overlay: NO_OVERLAY };
    // With one pane on view, show the one the step is about (unless the learner is in a pane).
    if (status?.kind === 'running' && ui.focus === 'lesson' && s.current) {
      if (s.current.kind === 'component') ui = { ...ui, shown: s.current.pane };
      if (s.current.kind === 'shell') ui = { ...ui, shown: 'shell' };
    }
    const passed = (r: ControllerState): number =>
      Object.values(r.run.steps).filter((x) => x.kind === 'passed').length;
    if (prev.chapterIndex !== s.chapterIndex || passed(prev) !== passed(s)) void this.refreshProgress();
    this.lesson.invalidate();
    this.store.set({ controller: s, ui, lessonWants: chapterWidth(s.chapter) });
  }

  private async refreshProgress(): Promise<void> {
    const p = await this.opts.progress.read().catch(() => undefined);
    this.store.set({ chapters: chapterRows(this.workshop, p) });
  }

  private paneInfos(): PaneInfo[] {
    const copy = this.ui().copy?.pane;
    return this.panes.list().map((p, i) => ({
      name: p.name,
      number: i + 1,
      state: p.state(),
      pid: p.component().pid,
      ...(p.name === copy ? { scrolledBack: p.screen.scrolledBack } : {}),
    }));
  }

  /**
   * What changes without telling: the panes and their states (looked at when
   * the registry says one changed, or in copy mode, where the view moves as
   * output arrives), the step's clock, the lesson's lines. A frame of pane
   * output alone finds nothing to do here.
   */
  beforeFrame(): void {
    const s = this.store.get();
    if (this.panesChanged || s.ui.copy) {
      this.panesChanged = false;
      this.watchScreens();
      const names = this.panes.list().map((p) => p.name);
      this.store.set({ ui: withPanes(s.ui, names), panes: this.paneInfos() });
    }
    const seconds =
      this.stepSince === undefined ? undefined : Math.floor((Date.now() - this.stepSince) / 1000);
    this.store.set({ seconds });
    this.gatherWire();
    this.lesson.lay(this.loop.lastGeometry());
  }

  /**
   * A frame for new audit lines, at most every WIRE_EVERY_MS: a busy log
   * sends a batch each poll, and gathering scans the feed (the screen's own
   * frames, for keys and panes, are not held back by this).
   */
  private wireFrame(): void {
    if (this.wireTimer) return;
    const wait = Math.max(0, this.lastWireAt + WIRE_EVERY_MS - Date.now());
    this.wireTimer = setTimeout(() => {
      this.wireTimer = undefined;
      this.loop.request();
    }, wait);
  }

  /** The wire view's lines, story and sentence, while it is open and something changed. */
  private gatherWire(): void {
    const feed = this.opts.wire;
    const c = this.controllerState();
    const all = this.ui().wireAll;
    if (!feed || !c.wire?.open || (!this.wireChanged && all === this.wireAll)) return;
    this.wireAll = all;
    this.wireChanged = false;
    this.lastWireAt = Date.now();
    const api = this.opts.supervisor.get('kube-apiserver');
    const running = api && isRunning(api.state()) ? api.spec.command : undefined;
    const story = this.storyTeller.of(feed, c.lastStep, this.leftStep);
    this.store.set({ wire: wireRegionState(feed, c, running, story, all) });
  }

  /** The lesson as the layout made room for it; a different size makes its lines again (and another pass). */
  laidOut(g: Geometry): void {
    this.lesson.lay(g);
  }

  paneFrame(g: Geometry): PaneFrame {
    const ui = this.ui();
    const bodies = paneBodies(g);
    sizePanes(bodies, this.panes, this.narrow() && !ui.zoomed);
    // A pane resized in copy mode (its title took a second row, say) still shows the copy cursor.
    const copied = ui.copy && this.panes.get(ui.copy.pane)?.screen;
    if (ui.copy && copied) moveCursor(ui.copy, copied, 0);
    // Copy mode left some other way than its keys: that pane shows its live screen again.
    // (Not while a history is being opened: copy mode starts once it is.)
    const copyPane = ui.copy?.pane;
    if (this.copyPane !== undefined && this.copyPane !== copyPane)
      this.panes.get(this.copyPane)?.screen.closeHistory();
    this.copyPane = copyPane;
    return {
      panes: paneViews(bodies, this.panes, ui),
      cursor: paneCursor(bodies, this.panes, ui),
      applicationCursorKeys: focusedPane(this.panes, ui)?.screen.modes.applicationCursorKeys ?? false,
    };
  }

  /** How far the lesson is scrolled, and how much of it there is (for the scrolling keys). */
  lessonScroll(): { top: number; height: number; total: number } {
    // From the UI's latest scroll, not the last frame's: several keys in one read each count.
    const s = this.store.get();
    const top = lessonTopFor(s.lesson, s.lessonRows, s.ui.lessonTop);
    return { top, height: s.lessonRows, total: s.lesson.lines.length };
  }

  private watchScreens(): void {
    for (const p of this.panes.list()) {
      if (this.watched.has(p.name)) continue;
      this.watched.add(p.name);
      this.offs.push(this.loop.watch(p.screen));
    }
  }
}
