// A shared screen on its way to whoever watches it: the sharer's terminal
// bytes, relayed as they come. A viewer that joins late, or fell behind and
// had chunks skipped, cannot make sense of a stream of screen changes, so
// the sharer is asked for a keyframe (its whole screen drawn again) then.
// A slow viewer never holds the sharer up nor grows our memory: past
// `maxBuffered` its chunks are skipped until it drains.

export interface Viewer {
  /** Bytes buffered towards this viewer and not yet sent (a WebSocket's bufferedAmount; 0 in-process). */
  buffered(): number;
  data(chunk: Buffer): void;
  size(size: ScreenSize | undefined): void;
}

export interface ScreenSize {
  readonly cols: number;
  readonly rows: number;
}

export class ScreenRelay {
  private readonly viewers = new Map<Viewer, { behind: boolean }>();
  private current: ScreenSize | undefined;
  private lastAsk = -Infinity;

  constructor(
    /** Asks the sharer to draw its whole screen again. */
    private readonly askKeyframe: () => void,
    /** The sharer is told how many watch (a learner sees "the instructor is watching"). */
    private readonly onViewers: (count: number) => void = () => {},
    private readonly now: () => number = Date.now,
    private readonly maxBuffered = 4 * 1024 * 1024,
  ) {}

  get size(): ScreenSize | undefined {
    return this.current;
  }

  get count(): number {
    return this.viewers.size;
  }

  add(v: Viewer): () => void {
    this.viewers.set(v, { behind: false });
    v.size(this.current);
    this.onViewers(this.viewers.size);
    if (this.current) this.keyframe(true);
    return () => {
      if (this.viewers.delete(v)) this.onViewers(this.viewers.size);
    };
  }

  /** The sharer started, resized or stopped (undefined). */
  resize(size: ScreenSize | undefined): void {
    this.current = size;
    for (const v of this.viewers.keys()) v.size(size);
  }

  data(chunk: Buffer): void {
    if (!this.current) return;
    for (const [v, s] of this.viewers) {
      if (v.buffered() > this.maxBuffered) {
        s.behind = true;
        continue;
      }
      if (s.behind) {
        // It caught up: what it missed is lost, so ask for the whole screen (this chunk is drawn over by it).
        s.behind = false;
        this.keyframe(false);
      }
      v.data(chunk);
    }
  }

  /** A keyframe for a new viewer at once; for one that fell behind, at most one a second. */
  private keyframe(now: boolean): void {
    const t = this.now();
    if (!now && t - this.lastAsk < 1000) return;
    this.lastAsk = t;
    this.askKeyframe();
  }

  close(): void {
    for (const v of this.viewers.keys()) v.size(undefined);
    this.viewers.clear();
  }
}
