// The one screen loop: the workshop, the player, the errors screen and the
// start-up screen are scenes it shows. It owns what every screen needs and
// nobody should write twice: the frame clock, the chrome painter, the
// compositor, keys and resizes from the terminal, catching panes up before a
// frame (jump scroll; the frame is drawn once that output is parsed, so it
// shows it), and a slow terminal: when the terminal has not taken
// the last frame, frames are skipped until it drains, never queued.
// Scenes change without a blank screen: the compositor writes only what the
// next scene draws differently.
import type { ChromeModel } from './Chrome.js';
import { ChromePainter } from './chrome-painter.js';
import { Compositor, type PaneView } from './compositor.js';
import { FrameClock } from './frame-clock.js';
import type { TerminalIO } from './terminal-io.js';

export interface Frame {
  /** The chrome, when it changed since the scene's last frame (undefined: as last drawn). */
  readonly chrome: ChromeModel | undefined;
  readonly panes: readonly PaneView[];
  /** Where the terminal's cursor shows (a focused pane's cursor), or hidden. */
  readonly cursor?: { readonly x: number; readonly y: number } | undefined;
  /** Mirror the focused pane's DECCKM so arrow keys reach it in the form it asked for. */
  readonly applicationCursorKeys?: boolean;
}

export interface Scene {
  /** Builds the next frame; `fresh` asks for the chrome whether or not it changed (new scene, resize). */
  frame(fresh: boolean): Frame;
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
  /** Milliseconds spent on frames: catching panes up and composing. */
  readonly busyMs: number;
  readonly maxMs: number;
  /** Frames whose chrome changed (and was painted again). */
  readonly chromeRenders: number;
}

/** Input waiting for a scene that takes it (keys typed during start-up), at most this much. */
const MAX_WAITING_INPUT = 4096;

export class ScreenLoop {
  private readonly painter: ChromePainter;
  private readonly compositor: Compositor;
  private readonly clock: FrameClock;
  private scene: Scene | undefined;
  private fresh = true;
  private chromeLines: string[] = [];
  private readonly counts = { frames: 0, busyMs: 0, maxMs: 0, chromeRenders: 0 };
  private blocked = false;
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
    this.painter = new ChromePainter(opts.color);
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
    this.scene = scene;
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
    this.clock.request();
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

  stats(): LoopStats {
    return { ...this.counts };
  }

  stop(): void {
    this.clock.stop();
    for (const off of this.offs.splice(0)) off();
    for (const off of this.screens.values()) off();
    this.screens.clear();
    this.painter.dispose();
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
    const { terminal } = this;
    const fresh = this.fresh;
    this.fresh = false;
    const f = scene.frame(fresh);
    if (f.chrome) {
      this.counts.chromeRenders += 1;
      this.chromeLines = this.painter.render(f.chrome);
    }
    const out = this.compositor.frame({
      chrome: this.chromeLines,
      panes: f.panes,
      cursor: f.cursor,
      applicationCursorKeys: f.applicationCursorKeys ?? false,
    });
    this.counts.frames += 1;
    this.count(start);
    if (out && !terminal.write(out)) {
      // The terminal is behind: skip frames until it drains (never buffer without bound).
      this.blocked = true;
      terminal.onDrain(() => {
        this.blocked = false;
        this.clock.request();
      });
    }
  }

  private count(start: number): void {
    const ms = performance.now() - start;
    this.counts.busyMs += ms;
    this.counts.maxMs = Math.max(this.counts.maxMs, ms);
  }
}
