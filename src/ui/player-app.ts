// `demystify play` in the UI: a recorded chapter's panes played in sync, each
// pane's output fed into a headless screen the compositor draws, the
// PlaybackCursor driven by this app's clock. Playback stops at each step
// marker (space goes on; left and right jump between markers), and the
// lesson area shows the recorded chapter when the workshop has it.
import type { ControllerState } from '../engine/controller.js';
import { initialState } from '../engine/step-status.js';
import type { Chapter } from '../lesson/model.js';
import { PlaybackCursor, playbackEvents, type PlaybackEvent } from '../recording/playback.js';
import type { Recording } from '../recording/read-recording.js';
import { PaneScreen } from '../terminal/screen.js';
import { buildChrome } from './chrome-model.js';
import { footerLine } from './chrome-text.js';
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import { parseKeys } from './keys.js';
import { computeLayout } from './layout.js';
import { composeLesson, wrapWords, type LessonView } from './lesson-text.js';
import type { Frame, Scene, ScreenLoop } from './screen-loop.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme, type Theme } from './theme.js';
import { initialUi } from './ui-state.js';

export interface PlayerOptions {
  readonly recording: Recording;
  /** The recorded chapter as the workshop has it, for its lesson text. */
  readonly chapter: { readonly chapter: Chapter; readonly index: number } | undefined;
  readonly terminal: TerminalIO;
  /** The screen loop the recordings are shown in, one after the other. */
  readonly loop: ScreenLoop;
  readonly color: boolean;
}

export type PlayEnd = 'quit' | 'next';

/** A full reset (RIS) before replaying a pane from the start, when seeking. */
const RESET = '\x1bc';

export class PlayerApp implements Scene {
  private readonly screens = new Map<string, PaneScreen>();
  private readonly cursor: PlaybackCursor;
  private readonly loop: ScreenLoop;
  private readonly theme: Theme;
  private readonly chapter: Chapter;
  /** Recording seconds played; advances only while playing. */
  private elapsed = 0;
  private last = Date.now();
  private held = false;
  private marker = -1;
  private chromeKey = '';
  private ticker: NodeJS.Timeout | undefined;
  private readonly offs: (() => void)[] = [];
  private finish: (how: PlayEnd) => void = () => undefined;

  constructor(private readonly opts: PlayerOptions) {
    const rec = opts.recording;
    for (const p of rec.panes) this.screens.set(p.name, new PaneScreen({ cols: p.width, rows: p.height }));
    this.cursor = new PlaybackCursor(playbackEvents(rec));
    this.loop = opts.loop;
    this.theme = makeTheme(opts.color);
    this.chapter = opts.chapter?.chapter ?? stubChapter(rec);
  }

  /** Plays until the viewer quits, or goes on past the end ("next": the next recording, if any). */
  run(): Promise<PlayEnd> {
    const done = new Promise<PlayEnd>((r) => (this.finish = r));
    for (const s of this.screens.values()) this.offs.push(this.loop.watch(s));
    this.ticker = setInterval(() => this.tick(), 33);
    this.loop.show(this);
    return done;
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const off of this.offs.splice(0)) off();
    for (const s of this.screens.values()) s.dispose();
  }

  input(chunk: string): void {
    this.onKeys(chunk);
  }

  private tick(): void {
    const now = Date.now();
    const dt = (now - this.last) / 1000;
    this.last = now;
    if (this.held || this.cursor.paused || this.cursor.done) return;
    this.elapsed += dt;
    this.apply(this.cursor.advanceTo(this.elapsed));
    this.loop.request();
  }

  private apply(events: readonly PlaybackEvent[]): void {
    for (const e of events) {
      if (e.kind === 'output') this.screens.get(e.pane)?.write(e.data);
      else if (e.kind === 'marker') this.marker = e.index;
    }
  }

  private ended = false;

  private readonly keys: Handlers<'player'> = {
    quit: () => this.end('quit'),
    'play-pause': () => {
      if (this.cursor.done && !this.cursor.paused) return this.end('next');
      if (this.cursor.paused) this.cursor.resume();
      else this.held = !this.held;
    },
    'marker-next': () => this.seek(this.marker + 1),
    'marker-prev': () => this.seek(this.cursor.paused ? this.marker - 1 : this.marker),
  };

  private end(how: PlayEnd): void {
    this.ended = true;
    this.finish(how);
  }

  private onKeys(chunk: string): void {
    for (const key of parseKeys(chunk)) if (!this.ended) dispatch('player', key.name, this.keys);
    this.loop.request();
  }

  private seek(index: number): void {
    const count = this.opts.recording.manifest.markers.length;
    if (index < 0 || index >= count) return;
    const events = this.cursor.seekToMarker(index);
    for (const s of this.screens.values()) s.write(RESET);
    this.apply(events);
    this.elapsed = this.cursor.time;
    this.held = false;
  }

  private controllerState(): ControllerState {
    const markers = this.opts.recording.manifest.markers;
    const stepId = markers[this.marker]?.stepId;
    const at = this.chapter.steps.findIndex((s) => s.id === stepId);
    // The steps before the marker's step ran in the recording: show them passed, the cursor on it.
    const passed = at < 0 ? [] : this.chapter.steps.slice(0, at).map((s) => s.id);
    const run = initialState(this.chapter, passed);
    return {
      chapterIndex: this.opts.chapter?.index ?? 0,
      chapter: this.chapter,
      run,
      current: this.chapter.steps[run.cursor],
      busy: false,
      hintsShown: 0,
      notice: undefined,
      reaching: undefined,
    };
  }

  private lesson(width: number, c: ControllerState): LessonView {
    if (this.opts.chapter)
      return composeLesson({
        chapter: c.chapter,
        chapterIndex: c.chapterIndex,
        run: c.run,
        hintsShown: 0,
        width,
        theme: this.theme,
      });
    // Not in this workshop: the recorded steps are all there is to show.
    const lines = [this.theme.bold(` ${this.chapter.meta.title}`), ''];
    this.opts.recording.manifest.markers.forEach((m, i) => {
      const mark = i === this.marker ? this.theme.accent('▶') : i < this.marker ? this.theme.ok('✓') : ' ';
      lines.push(...wrapWords(`${mark} ${i + 1}. ${m.label}`, width - 1));
    });
    const focus = Math.max(0, this.marker + 2);
    return { lines, focusStart: focus, focusEnd: focus, stepStart: focus };
  }

  private status(): string {
    const t = this.theme;
    const m = this.opts.recording.manifest.markers;
    const time = `${clock(this.cursor.time)} / ${clock(this.cursor.duration)}`;
    const goOn = keyFor('player', 'play-pause');
    if (this.cursor.paused) {
      const p = this.cursor.paused;
      return (
        t.warn(`⏸ paused at step ${p.index + 1}/${m.length}: ${p.label}`) +
        t.dim(`  ${time} · ${goOn} goes on`)
      );
    }
    if (this.cursor.done)
      return (
        t.ok(`■ end of the recording`) +
        t.dim(
          `  ${time} · ${goOn} goes on to the next one, ${keyFor('player', 'marker-prev')} steps back, ${keyFor('player', 'quit')} quits`,
        )
      );
    if (this.held) return t.warn(`⏸ paused`) + t.dim(`  ${time} · ${goOn} goes on`);
    return t.accent(`▶ playing ${this.chapter.meta.title}`) + t.dim(`  ${time}`);
  }

  frame(fresh: boolean): Frame {
    const { terminal } = this.opts;
    const names = this.opts.recording.panes.map((p) => p.name);
    const layout = computeLayout({
      cols: terminal.cols,
      rows: terminal.rows,
      panes: names,
      focus: 'lesson',
      shown: names[0] ?? 'shell',
      zoom: false,
      overlay: false,
      chapterCount: 0,
      presenter: true,
    });
    for (const box of layout.panes) this.screens.get(box.name)?.resize(box.body.w, box.body.h);
    const c = this.controllerState();
    const status = this.status();
    // The chrome only when it changed (the status line's clock moves once a second).
    const key = JSON.stringify([layout, status, this.marker]);
    let chrome;
    if (key !== this.chromeKey || fresh) {
      this.chromeKey = key;
      chrome = buildChrome({
        layout,
        theme: this.theme,
        ui: initialUi(),
        controller: c,
        chapters: [],
        panes: names.map((name, i) => ({
          name,
          number: i + 1,
          state: { kind: 'ready' },
          pid: 0,
          label: 'recorded',
        })),
        lesson: this.lesson(layout.lesson?.w ?? 80, c),
        seconds: undefined,
        scrolledBack: () => 0,
        status,
        footer: footerLine('player', layout.footer.w - 1, this.theme),
      });
    }
    const views = layout.panes.flatMap((box) => {
      const source = this.screens.get(box.name);
      return source ? [{ name: box.name, body: box.body, source }] : [];
    });
    return { chrome, panes: views };
  }
}

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A chapter with no lesson text, for a recording of a chapter this workshop does not have. */
function stubChapter(rec: Recording): Chapter {
  const { id, title } = rec.manifest.chapter;
  return {
    file: '',
    meta: {
      id,
      title,
      summary: '',
      requires: [],
      minutes: undefined,
      needsRoot: false,
      needsInternet: false,
      vars: {},
      keyPositions: {},
    },
    segments: [],
    steps: [],
    closingNotes: [],
    starts: [],
  };
}
