// Wrong class codes, counted per address: past ten in a minute that address
// is refused until the minute is over, so a six-character code cannot be
// guessed by trying (2^30 codes at ten a minute is two thousand years).
import type { Clock } from './clock.js';

export const WRONG_CODES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

export class WrongCodes {
  private readonly seen = new Map<string, { count: number; since: number }>();

  constructor(private readonly clock: Clock) {}

  failed(address: string): void {
    const now = this.clock.now();
    const s = this.current(address, now);
    this.seen.set(address, { count: s.count + 1, since: s.since });
    // Forget old windows, so a long class does not grow this map without bound.
    if (this.seen.size > 10_000)
      for (const [a, v] of this.seen) if (now - v.since >= WINDOW_MS) this.seen.delete(a);
  }

  blocked(address: string): boolean {
    return this.current(address, this.clock.now()).count >= WRONG_CODES_PER_MINUTE;
  }

  private current(address: string, now: number): { count: number; since: number } {
    const s = this.seen.get(address);
    return s && now - s.since < WINDOW_MS ? s : { count: 0, since: now };
  }
}
