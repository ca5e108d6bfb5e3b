// The one frame clock. Everything that changes the screen (pane output, a
// check's progress, a key, a resize) only asks for a frame; frames run at
// most every `intervalMs`, and not at all while nothing changes. One clock
// avoids two throttles beating into half the frame rate, and bounding the
// work per second keeps the pty readers fed (a starved reader slows the
// components down).

export interface FrameStats {
  readonly frames: number;
  /** Total milliseconds spent drawing. */
  readonly busyMs: number;
  readonly maxMs: number;
}

export class FrameClock {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private stopped = false;
  private frames = 0;
  private busyMs = 0;
  private maxMs = 0;

  constructor(
    private readonly draw: () => void,
    private readonly intervalMs = 33,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Asks for a frame; many requests before it runs make one frame. */
  request(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.tick(), wait);
  }

  /** Draws now (a resize or a key wants an answer without waiting for the clock). */
  drawNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.tick();
  }

  /** A frame is asked for and not drawn yet. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  stats(): FrameStats {
    return { frames: this.frames, busyMs: this.busyMs, maxMs: this.maxMs };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const start = this.now();
    this.last = start;
    try {
      this.draw();
    } finally {
      const ms = this.now() - start;
      this.frames += 1;
      this.busyMs += ms;
      this.maxMs = Math.max(this.maxMs, ms);
    }
  }
}
