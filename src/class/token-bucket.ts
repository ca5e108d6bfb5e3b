// A token bucket per learner: a burst is fine, a flood is dropped (and
// counted) at the door, so one learner's loop cannot slow anyone else's row.
import type { Clock } from './clock.js';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    /** Tokens added per second. */
    private readonly rate: number,
    /** The most a burst may take at once. */
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes `n` tokens if there are that many; false means drop it. */
  take(n = 1): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
