// When to try again after a connection failed or dropped: quickly at first,
// never more than about a second apart, so a restarted class server has
// every learner back within five seconds of its return; with some jitter, so
// a room of laptops does not knock at the same instant.

export const BACKOFF_MIN_MS = 250;
export const BACKOFF_MAX_MS = 1_000;
const JITTER = 0.2;

/** The wait before try number `attempt` (0 for the first retry); `random` in [0, 1). */
export function retryDelay(attempt: number, random: number = Math.random()): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - JITTER + 2 * JITTER * random));
}
