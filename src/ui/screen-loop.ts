// The one screen loop: the workshop, the player, the errors screen, the
// binaries offer and the start-up screen are scenes it shows. It owns what
// every screen needs and nobody should write twice: the frame clock, Ink
// (the chrome), the compositor (the panes and the terminal), keys and
// resizes, catching panes up before a frame (jump scroll: the frame is drawn
// once that output is parsed, so it shows it), and a slow terminal (frames
// are skipped until it drains, never queued).
//
// A frame: the scene's store is published if it changed, and Ink renders
// the chrome (React commits synchronously, Ink hands the frame to its sink);
// the named boxes are measured, and the scene may ask for one more pass when
// what it shows depends on them (the lesson's height); then the compositor
// writes the rows that changed, pane rows straight from the emulators into
// the pane bodies' rectangles. A frame with only pane output costs Ink
// nothing. Scenes change without a blank screen: only what differs is written.
import type { ReactElement } from 'react';
import { Compositor, type PaneView } from './compositor.js';
import { FrameClock } from './frame-clock.js';
import { NO_GEOMETRY, type Geometry } from './geometry.js';
import { InkHost } from './ink-host.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme } from './theme.js';

/** What the loop needs of a scene's store (store.ts). */
export interface FrameStore {
  readonly pending: boolean;
  publish(quiet?: boolean): void;
  onChange(listener: (() => void) | undefined): void;
}

export interface PaneFrame {
  readonly panes: readonly PaneView[];
  /** Where the terminal's cursor shows (a focused pane's cursor), or hidden. */
  readonly cursor?: { readonly x: number; readonly y: number } | undefined;
  /** Mirror the focused pane's DECCKM so arrow keys reach it in the form it asked for. */
  readonly applicationCursorKeys?: boolean;
}

export interface Scene {
  /** The screen's component tree; its provider reads `store`. */
  readonly view: ReactElement;
  readonly store: FrameStore;
  /** Before a frame: bring the store up to date with what changes without telling (a component's state, a clock). */
  beforeFrame?(): void;
  /** Ink laid the chrome out: the named boxes. Storing what depends on them (a height) makes another pass. */
  laidOut?(geometry: Geometry): void;
  /** The panes to draw into their rectangles, and the cursor. */
  paneFrame?(geometry: Geometry): PaneFrame;
  /** Raw terminal input while this scene is shown. */
  input?(chunk: string): void;
  /** The terminal changed size; a frame follows at once. */
  resized?(): void;
}

/** A screen that output is fed into: the loop asks for a frame when it changes, and catches it up before one. */
export interface WatchedScreen {
  onChange(listener: () => void): () => void;
  /** Parses what waited; resolves once parsed (undefined: nothing waited). */
  catchUp(keepRows: number): Promise<void> | undefined;
}

export interface LoopStats {
  readonly frames: number;
  /** Milliseconds spent on frames: catching panes up, Ink, composing. */
  readonly busyMs: number;
  readonly maxMs: number;
  /** Frames whose chrome changed (Ink drew it again). */
  readonly chromeRenders: number;
  /** Ink's frames, a second pass included. */
  readonly inkFrames: number;
}

/** Input waiting for a scene that takes it (keys typed during start-up), at most this much. */
const MAX_WAITING_INPUT = 4096;
/** Ink passes in one frame at most (the second settles what depends on the layout). */
const MAX_PASSES = 3;

export class ScreenLoop {
  private readonly ink: InkHost;
  private readonly compositor: Compositor;
  private readonly clock: FrameClock;
  private scene: Scene | undefined;
  private fresh = true;
  private geometry: Geometry = NO_GEOMETRY;
  private readonly counts = { frames: 0, busyMs: 0, maxMs: 0, chromeRenders: 0 };
  private blocked = false;
  private composing = false;
  /** A frame waits for its panes' output to be parsed; changes meanwhile ask for the frame after it. */
  private parsing = false;
  private changedWhileParsing = false;
  private waitingInput = '';
  private readonly screens = new Map<WatchedScreen, () => void>();
  private readonly offs: (() => void)[];

  constructor(
    private readonly terminal: TerminalIO,
    opts: { readonly color: boolean; readonly frameMs?: number },
  ) {
    this.ink = new InkHost(makeTheme(opts.color));
    this.compositor = new Compositor(terminal.rows);
    this.clock = new FrameClock(() => this.draw(), opts.frameMs ?? 33);
    this.offs = [
      terminal.onInput((chunk) => this.input(chunk)),
      terminal.onResize(() => {
        this.compositor.invalidate(terminal.rows);
        this.fresh = true;
        this.scene?.resized?.();
        this.clock.drawNow();
      }),
    ];
  }

  /** Shows `scene` from the next frame on (drawn at once), with keys typed while none took them. */
  show(scene: Scene): void {
    this.scene?.store.onChange(undefined);
    this.scene = scene;
    scene.store.onChange(() => this.request());
    this.fresh = true;
    this.clock.drawNow();
    if (scene.input && this.waitingInput) {
      const waiting = this.waitingInput;
      this.waitingInput = '';
      scene.input(waiting);
    }
  }

  /** Something on screen changed: a frame follows (at most one per frame interval). */
  request(): void {
    if (!this.composing) this.clock.request();
  }

  /** A frame now, for an answer that should not wait for the clock. */
  drawNow(): void {
    this.clock.drawNow();
  }

  /** Frames follow the screen's changes, and it is caught up before each; until the returned function is called. */
  watch(screen: WatchedScreen): () => void {
    if (!this.screens.has(screen))
      this.screens.set(
        screen,
        screen.onChange(() => {
          if (this.parsing) this.changedWhileParsing = true;
          else this.clock.request();
        }),
      );
    return () => {
      this.screens.get(screen)?.();
      this.screens.delete(screen);
    };
  }

  /** Writes to the terminal around the frames (the clipboard's OSC 52). */
  write(bytes: string): boolean {
    return this.terminal.write(bytes);
  }

  /** The named boxes of the last frame (the focus targets, the lesson, the pane bodies). */
  lastGeometry(): Geometry {
    return this.geometry;
  }

  /** Nothing waits to be drawn: the terminal shows the scene's latest state (what tests wait for). */
  settled(): boolean {
    return !this.clock.pending && !this.parsing && !this.blocked && !this.scene?.store.pending;
  }

  stats(): LoopStats {
    return { ...this.counts, inkFrames: this.ink.frames };
  }

  stop(): void {
    this.clock.stop();
    for (const off of this.offs.splice(0)) off();
    for (const off of this.screens.values()) off();
    this.screens.clear();
    this.scene?.store.onChange(undefined);
    this.ink.dispose();
    this.scene = undefined;
  }

  private input(chunk: string): void {
    if (this.scene?.input) this.scene.input(chunk);
    else this.waitingInput = (this.waitingInput + chunk).slice(-MAX_WAITING_INPUT);
  }

  private draw(): void {
    if (!this.scene || this.blocked || this.parsing) return;
    // Output that waited for this frame is parsed now; a flood only as far as the tallest pane could show.
    const start = performance.now();
    const parsed: Promise<void>[] = [];
    for (const screen of this.screens.keys()) {
      const p = screen.catchUp(this.terminal.rows);
      if (p) parsed.push(p);
    }
    this.count(start);
    if (parsed.length === 0) return this.compose();
    this.parsing = true;
    this.changedWhileParsing = false;
    void Promise.all(parsed).then(() => {
      this.parsing = false;
      this.compose();
      // Output that came while this frame was parsed (its own parse notices ask for one harmless frame more).
      if (this.changedWhileParsing) this.clock.request();
    });
  }

  private compose(): void {
    const scene = this.scene;
    if (!scene || this.blocked) return;
    const start = performance.now();
    this.composing = true;
    try {
      scene.beforeFrame?.();
      if (this.chrome(scene)) this.counts.chromeRenders += 1;
      const f = scene.paneFrame?.(this.geometry) ?? { panes: [] };
      const out = this.compositor.frame({
        chrome: this.ink.rows(),
        panes: f.panes,
        cursor: f.cursor,
        applicationCursorKeys: f.applicationCursorKeys ?? false,
      });
      this.counts.frames += 1;
      if (out && !this.write(out)) {
        // The terminal is behind: skip frames until it drains (never buffer without bound).
        this.blocked = true;
        this.terminal.onDrain(() => {
          this.blocked = false;
          this.clock.request();
        });
      }
    } finally {
      this.composing = false;
      this.count(start);
    }
  }

  /** Ink draws the chrome if the scene's state changed (or the scene or the size did); true if it drew. */
  private chrome(scene: Scene): boolean {
    const { store } = scene;
    if (this.fresh) {
      this.fresh = false;
      // The render that follows reads the latest state: no second render for the publish.
      store.publish(true);
      this.ink.render(scene.view, { cols: this.terminal.cols, rows: this.terminal.rows });
    } else if (store.pending) this.publish(store);
    else return false;
    for (let pass = 1; ; pass += 1) {
      this.geometry = this.ink.geometry();
      scene.laidOut?.(this.geometry);
      if (!store.pending || pass >= MAX_PASSES) return true;
      this.publish(store);
    }
  }

  private publish(store: FrameStore): void {
    store.publish();
    this.ink.flush();
  }

  private count(start: number): void {
    const ms = performance.now() - start;
    this.counts.busyMs += ms;
    this.counts.maxMs = Math.max(this.counts.maxMs, ms);
  }
}
