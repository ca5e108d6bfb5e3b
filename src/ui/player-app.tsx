// `demystify play` in the UI: a recorded chapter's panes played in sync, each
// pane's output fed into a headless screen the compositor draws, the
// PlaybackCursor driven by this app's clock. Playback stops at each step
// marker (space goes on; left and right jump between markers), and the
// lesson area shows the recorded chapter when the workshop has it.
import React from 'react';
import type { ControllerState } from '../engine/controller.js';
import { restingState } from '../engine/resting-state.js';
import type { Chapter } from '../lesson/model.js';
import { PlaybackCursor, playbackEvents, type PlaybackEvent } from '../recording/playback.js';
import type { Recording } from '../recording/read-recording.js';
import { PaneScreen } from '../terminal/screen.js';
import { WorkshopScreen } from './components/WorkshopScreen.js';
import { paneBodies, type Geometry } from './geometry.js';
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import { parseKeys } from './keys.js';
import { lessonBodyGuess } from './layout.js';
import { LessonLayout } from './lesson-layout.js';
import { composeLesson, wrapWords, type LessonView } from './lesson-text.js';
import type { PaneFrame, Scene, ScreenLoop } from './screen-loop.js';
import { Store } from './store.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme, type Theme } from './theme.js';
import { firstWorkshopState, workshopStore, type WorkshopState } from './workshop-state.js';

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
  readonly store: Store<WorkshopState>;
  readonly view: React.ReactElement;
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
  private readonly lesson: LessonLayout;
  /** The marker the lesson's lines were made for. */
  private lessonMarker = -1;
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
    // The workshop's screen, as in presenter mode: no chapter list; the panes titled "recorded".
    this.store = new Store(firstWorkshopState(this.controllerState(), { presenter: true, chapters: [] }));
    this.store.set({
      panes: rec.panes.map((p, i) => ({
        name: p.name,
        number: i + 1,
        state: { kind: 'ready' },
        pid: 0,
        label: 'recorded',
      })),
      footer: { context: 'player' },
    });
    const { terminal } = opts;
    this.lesson = new LessonLayout(
      this.store,
      (width) => this.lessonLines(width, this.controllerState()),
      () => lessonBodyGuess(terminal.cols, terminal.rows, { presenter: true, chapterCount: 0 }),
    );
    this.view = (
      <workshopStore.Provider store={this.store}>
        <WorkshopScreen />
      </workshopStore.Provider>
    );
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
    return restingState(this.chapter, this.opts.chapter?.index ?? 0, passed);
  }

  private lessonLines(width: number, c: ControllerState): LessonView {
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

  /** The status line's clock, and the step the recording is at. */
  beforeFrame(): void {
    this.store.set({ controller: this.controllerState(), status: this.status() });
    if (this.lessonMarker !== this.marker) this.lesson.invalidate();
    this.lessonMarker = this.marker;
    this.lesson.lay(this.loop.lastGeometry());
  }

  laidOut(g: Geometry): void {
    this.lesson.lay(g);
  }

  paneFrame(g: Geometry): PaneFrame {
    const bodies = paneBodies(g);
    const panes = [];
    for (const [name, body] of bodies) {
      const source = this.screens.get(name);
      if (!source) continue;
      if (body.w > 0 && body.h > 0) source.resize(body.w, body.h);
      panes.push({ name, body, source });
    }
    return { panes };
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
