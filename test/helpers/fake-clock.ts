// A clock tests move by hand (src/class/clock.ts): timers fire when the test
// advances time past them, in order, never on their own.
import type { Clock, Timer } from '../../src/class/clock.js';

interface Due {
  at: number;
  fn: () => void;
  every: number | undefined;
  live: boolean;
}

export class FakeClock implements Clock {
  private t: number;
  private readonly timers: Due[] = [];

  constructor(start = 1_800_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  every(ms: number, fn: () => void): Timer {
    return this.add({ at: this.t + ms, fn, every: ms, live: true });
  }

  after(ms: number, fn: () => void): Timer {
    return this.add({ at: this.t + ms, fn, every: undefined, live: true });
  }

  /** Moves time on by `ms`, firing every timer that falls due on the way, at its own moment. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((d) => d.live && d.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.t = next.at;
      if (next.every === undefined) next.live = false;
      else next.at += next.every;
      next.fn();
    }
    this.t = end;
  }

  private add(d: Due): Timer {
    this.timers.push(d);
    return {
      cancel: () => {
        d.live = false;
      },
    };
  }
}
