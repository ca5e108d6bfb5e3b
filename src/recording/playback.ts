// Playing a recording, without a clock of its own: the caller (the UI's
// frame clock, or `demystify play --print` going as fast as it can) says
// what time it is, the cursor hands back the events due by then, across all
// panes in time order, and stops at each step marker until resume(). Pure:
// no timers, no terminal, so it is tested with plain numbers.
import type { Recording } from './read-recording.js';

export type PlaybackEvent =
  | { readonly kind: 'output'; readonly time: number; readonly pane: string; readonly data: string }
  | {
      readonly kind: 'resize';
      readonly time: number;
      readonly pane: string;
      readonly cols: number;
      readonly rows: number;
    }
  | {
      readonly kind: 'marker';
      readonly time: number;
      /** 0-based position among the recording's markers. */
      readonly index: number;
      readonly stepId: string;
      readonly label: string;
    };

/**
 * Every pane's events merged in time order. Markers come from the manifest
 * (each pane file repeats them); at the same time a marker goes first (the
 * step starts, then its output), then panes in layout order.
 */
export function playbackEvents(rec: Recording): PlaybackEvent[] {
  const keyed: { e: PlaybackEvent; rank: number; seq: number }[] = [];
  let seq = 0;
  rec.manifest.markers.forEach((m, index) =>
    keyed.push({
      e: { kind: 'marker', time: m.time, index, stepId: m.stepId, label: m.label },
      rank: -1,
      seq: seq++,
    }),
  );
  for (const pane of rec.panes) {
    for (const ev of pane.events) {
      if (ev.code === 'o')
        keyed.push({
          e: { kind: 'output', time: ev.time, pane: pane.name, data: ev.data },
          rank: pane.order,
          seq: seq++,
        });
      else if (ev.code === 'r') {
        const [cols, rows] = ev.data.split('x').map(Number);
        keyed.push({
          e: { kind: 'resize', time: ev.time, pane: pane.name, cols: cols!, rows: rows! },
          rank: pane.order,
          seq: seq++,
        });
      }
    }
  }
  keyed.sort((a, b) => a.e.time - b.e.time || a.rank - b.rank || a.seq - b.seq);
  return keyed.map((k) => k.e);
}

export interface CursorOptions {
  /** Stop at every step marker until resume() (default true). */
  readonly pauseAtMarkers?: boolean;
}

export class PlaybackCursor {
  private next = 0;
  private clock = 0;
  private pausedAt: Extract<PlaybackEvent, { kind: 'marker' }> | undefined;

  constructor(
    readonly events: readonly PlaybackEvent[],
    private readonly opts: CursorOptions = {},
  ) {}

  /** Recording time reached, in seconds. */
  get time(): number {
    return this.clock;
  }

  /** The marker playback is stopped at, if any. */
  get paused(): Extract<PlaybackEvent, { kind: 'marker' }> | undefined {
    return this.pausedAt;
  }

  get done(): boolean {
    return this.next >= this.events.length;
  }

  get duration(): number {
    return this.events.at(-1)?.time ?? 0;
  }

  /**
   * The events due by `time`. Reaching a marker stops there: the marker is
   * the last event returned and nothing more comes until resume().
   */
  advanceTo(time: number): PlaybackEvent[] {
    if (this.pausedAt) return [];
    const out: PlaybackEvent[] = [];
    while (this.next < this.events.length) {
      const e = this.events[this.next]!;
      if (e.time > time) break;
      this.next++;
      this.clock = e.time;
      out.push(e);
      if (e.kind === 'marker' && this.opts.pauseAtMarkers !== false) {
        this.pausedAt = e;
        return out;
      }
    }
    this.clock = Math.max(this.clock, Math.min(time, this.duration));
    return out;
  }

  resume(): void {
    this.pausedAt = undefined;
  }

  /** Seconds of recording time until the next event; undefined while paused or at the end. */
  untilNext(): number | undefined {
    const e = this.events[this.next];
    return this.pausedAt || !e ? undefined : Math.max(0, e.time - this.clock);
  }

  /**
   * Jumps to marker `index`, paused there, and returns every event from the
   * start up to it: replay them into fresh pane screens to show that moment.
   */
  seekToMarker(index: number): PlaybackEvent[] {
    const at = this.events.findIndex((e) => e.kind === 'marker' && e.index === index);
    if (at < 0) return [];
    const marker = this.events[at] as Extract<PlaybackEvent, { kind: 'marker' }>;
    this.next = at + 1;
    this.clock = marker.time;
    this.pausedAt = this.opts.pauseAtMarkers === false ? undefined : marker;
    return this.events.slice(0, at + 1);
  }
}
