// The running UI: the engine's controller, the panes and the learner's keys,
// as a scene of the screen loop. A frame lays out the screen, sizes the panes
// (pty and emulator together) and builds the chrome only when it changed; the
// loop paints it and the compositor writes what differs. The UI never starts
// processes itself: it sends the controller commands and renders its state.
import type { ControllerState, WorkshopController } from '../engine/controller.js';
import type { ProgressStore } from '../engine/progress.js';
import type { Workshop } from '../lesson/model.js';
import { PaneRegistry } from '../terminal/pane-registry.js';
import type { Supervisor } from '../terminal/types.js';
import { buildChrome } from './chrome-model.js';
import { chapterRows, type ChapterRow, type PaneInfo } from './chrome-text.js';
import { focusedPane, paneCursor, paneViews, sizePanes } from './pane-views.js';
import { routerHost, type AppContext } from './app-commands.js';
import type { Effect, RouterHost } from './input-router.js';
import { captureConsole } from './console-capture.js';
import { nextTypingMs, presenterFooter } from './presenter.js';
import { presenterView, reachView } from './stage-views.js';
import { InputRouter } from './input-router.js';
import { computeLayout, type Layout } from './layout.js';
import { chapterWidth, composeLesson, type LessonView } from './lesson-text.js';
import type { Frame, Scene, ScreenLoop } from './screen-loop.js';
import type { TerminalIO } from './terminal-io.js';
import { PasswordPrompt } from './password-prompt.js';
import { makeTheme, type Theme } from './theme.js';
import { initialUi, NO_OVERLAY, withPanes, type UiState } from './ui-state.js';

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
}

export class WorkshopApp implements AppContext, Scene {
  readonly workshop: Workshop;
  readonly controller: WorkshopController;
  readonly terminal: TerminalIO;
  private uiState: UiState = initialUi();
  private ctrl: ControllerState;
  readonly panes: PaneRegistry;
  private readonly loop: ScreenLoop;
  private readonly router: InputRouter;
  private readonly host: RouterHost;
  readonly theme: Theme;
  private lastLayout: Layout | undefined;
  private layoutKey = '';
  private chromeDirty = true;
  /** The pane copy mode was in at the last frame. */
  private copyPane: string | undefined;
  private lesson: LessonView | undefined;
  private chapterRows: ChapterRow[] = [];
  private stepSince: number | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly watched = new Set<string>();
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
    this.ctrl = opts.controller.state();
    this.panes = new PaneRegistry(opts.supervisor, { cols: 80, rows: 24 });
    this.loop = opts.loop;
    this.host = routerHost(this);
    this.router = new InputRouter(this.host);
    this.done = new Promise((resolve) => (this.finish = resolve));
    if (opts.notice) this.uiState = { ...this.uiState, message: opts.notice };
  }

  /** Starts drawing and listening; `done` resolves when the learner quits. */
  start(): Promise<void> {
    const { controller } = this;
    this.offs.push(
      controller.subscribe((s) => this.onController(s)),
      this.panes.onChange(() => this.invalidate()),
    );
    this.offs.push(captureConsole((line) => this.setUi({ ...this.uiState, message: line })));
    void this.refreshProgress();
    this.onController(controller.state());
    this.loop.show(this);
    return this.done;
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const off of this.offs.splice(0)) off();
    this.panes.dispose();
  }

  input(chunk: string): void {
    if (this.prompt) {
      if (this.prompt.feed(chunk)) this.prompt = undefined;
      this.lesson = undefined;
      this.invalidate();
      return;
    }
    if (this.uiState.message && !this.uiState.quitting)
      this.uiState = { ...this.uiState, message: undefined };
    this.router.feed(chunk);
    this.invalidate();
  }

  resized(): void {
    this.chromeDirty = true;
  }

  private invalidate(): void {
    this.chromeDirty = true;
    this.loop.request();
  }

  /** A command from outside the keyboard (the presenter's notes terminal), as if its key was pressed. */
  command(e: Effect): void {
    this.host.effect(e);
    this.invalidate();
  }

  get presenter(): boolean {
    return this.opts.presenter !== undefined;
  }

  /** Presenter mode: the next typing speed up or down the steps; undefined outside presenter mode. */
  changeTyping(step: 1 | -1): number | undefined {
    const t = this.opts.presenter?.typing;
    if (!t) return undefined;
    t.typingMs = nextTypingMs(t.typingMs, step);
    this.invalidate();
    return t.typingMs;
  }

  ui(): UiState {
    return this.uiState;
  }

  setUi(ui: UiState): void {
    this.uiState = ui;
    this.invalidate();
  }

  controllerState(): ControllerState {
    return this.ctrl;
  }

  layout(): Layout {
    // A frame is drawn at start, before any key is read.
    return this.lastLayout ?? this.computeLayout();
  }

  quit(): void {
    this.setUi({ ...this.uiState, quitting: true, overlay: NO_OVERLAY });
    this.loop.drawNow();
    this.finish();
  }

  /** The session's way to ask for the sudo password: on this screen, once per call. */
  askPassword(why: string, retry: boolean): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.prompt = new PasswordPrompt(why, retry, resolve);
      this.lesson = undefined;
      this.invalidate();
    });
  }

  private onController(s: ControllerState): void {
    const prev = this.ctrl;
    this.ctrl = s;
    const status = s.current ? s.run.steps[s.current.id] : undefined;
    const active = status?.kind === 'running' || status?.kind === 'waiting';
    if (active && this.stepSince === undefined) this.stepSince = Date.now();
    if (!active) this.stepSince = undefined;
    // Elapsed seconds in the status line: one chrome frame a second while a step is under way.
    if (active && !this.ticker) this.ticker = setInterval(() => this.invalidate(), 1000);
    if (!active && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    const moved = prev.chapterIndex !== s.chapterIndex || prev.run.cursor !== s.run.cursor;
    let ui = this.uiState;
    if (moved) ui = { ...ui, lessonTop: undefined };
    // With one pane on view, show the one the step is about (unless the learner is in a pane).
    if (status?.kind === 'running' && ui.focus === 'lesson' && s.current) {
      if (s.current.kind === 'component') ui = { ...ui, shown: s.current.pane };
      if (s.current.kind === 'shell') ui = { ...ui, shown: 'shell' };
    }
    this.uiState = ui;
    const passed = (r: ControllerState): number =>
      Object.values(r.run.steps).filter((x) => x.kind === 'passed').length;
    if (prev.chapterIndex !== s.chapterIndex || passed(prev) !== passed(s)) void this.refreshProgress();
    this.lesson = undefined;
    this.invalidate();
  }

  private async refreshProgress(): Promise<void> {
    const p = await this.opts.progress.read().catch(() => undefined);
    this.chapterRows = chapterRows(this.workshop, p);
    this.invalidate();
  }

  private computeLayout(): Layout {
    return computeLayout({
      cols: this.terminal.cols,
      rows: this.terminal.rows,
      panes: this.panes.list().map((p) => p.name),
      focus: this.uiState.focus,
      shown: this.uiState.shown,
      zoom: this.uiState.zoomed,
      overlay: this.uiState.overlay.kind === 'help',
      chapterCount: this.workshop.chapters.length,
      presenter: this.presenter,
      lessonWants: chapterWidth(this.ctrl.chapter),
    });
  }

  private paneInfos(): PaneInfo[] {
    return this.panes
      .list()
      .map((p, i) => ({ name: p.name, number: i + 1, state: p.state(), pid: p.component().pid }));
  }

  frame(fresh: boolean): Frame {
    this.watchScreens();
    this.uiState = withPanes(
      this.uiState,
      this.panes.list().map((p) => p.name),
    );
    const layout = this.computeLayout();
    const key = JSON.stringify(layout);
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.chromeDirty = true;
      this.lesson = undefined;
    }
    this.lastLayout = layout;
    sizePanes(layout, this.panes, this.uiState);
    // Copy mode left some other way than its keys: that pane shows its live screen again.
    // (Not while a history is being opened: copy mode starts once it is.)
    const copyPane = this.uiState.copy?.pane;
    if (this.copyPane !== undefined && this.copyPane !== copyPane)
      this.panes.get(this.copyPane)?.screen.closeHistory();
    this.copyPane = copyPane;
    let chrome;
    if (this.chromeDirty || fresh) {
      this.chromeDirty = false;
      chrome = buildChrome({
        layout,
        theme: this.theme,
        ui: this.uiState,
        controller: this.ctrl,
        chapters: this.chapterRows,
        panes: this.paneInfos(),
        lesson: this.lessonView(layout),
        seconds: this.stepSince === undefined ? undefined : (Date.now() - this.stepSince) / 1000,
        scrolledBack: (name) => this.panes.get(name)?.screen.scrolledBack ?? 0,
        ...(this.opts.presenter
          ? { footer: presenterFooter(this.theme, this.opts.presenter.typing.typingMs) }
          : {}),
      });
    }
    return {
      chrome,
      panes: paneViews(layout, this.panes, this.uiState),
      cursor: paneCursor(layout, this.panes, this.uiState),
      applicationCursorKeys:
        focusedPane(this.panes, this.uiState)?.screen.modes.applicationCursorKeys ?? false,
    };
  }

  lessonView(layout: Layout): LessonView {
    const width = layout.lesson?.w ?? 80;
    if (this.prompt) {
      this.lesson ??= this.prompt.view(width, this.theme, process.env.USER ?? process.env.LOGNAME ?? 'you');
      return this.lesson;
    }
    const reaching = this.ctrl.reaching;
    if (reaching) {
      const title = this.workshop.chapters.find((c) => c.meta.id === reaching.target)?.meta.title;
      this.lesson ??= reachView(reaching, title ?? reaching.target, width, this.theme);
      return this.lesson;
    }
    if (this.presenter)
      this.lesson ??= presenterView({
        chapter: this.ctrl.chapter,
        chapterIndex: this.ctrl.chapterIndex,
        run: this.ctrl.run,
        width,
        theme: this.theme,
      });
    this.lesson ??= composeLesson({
      chapter: this.ctrl.chapter,
      chapterIndex: this.ctrl.chapterIndex,
      run: this.ctrl.run,
      hintsShown: this.ctrl.hintsShown,
      width,
      theme: this.theme,
    });
    return this.lesson;
  }

  private watchScreens(): void {
    for (const p of this.panes.list()) {
      if (this.watched.has(p.name)) continue;
      this.watched.add(p.name);
      this.offs.push(this.loop.watch(p.screen));
    }
  }
}
