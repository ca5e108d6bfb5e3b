// The one store a screen's components read their state from. Writers (the
// workshop app, the player, the errors screen) change it whenever they like;
// the components see a change only when the screen loop publishes it, at the
// next frame, so a burst of changes (a key and the controller's answer, a
// pane's state) makes one chrome frame, and React never renders between
// frames. A change that leaves every field as it was is no change at all, so
// a frame with no chrome change costs the chrome nothing.

export class Store<S extends object> {
  private current: S;
  private shown: S;
  private readonly listeners = new Set<() => void>();
  private changed: (() => void) | undefined;

  constructor(initial: S) {
    this.current = initial;
    this.shown = initial;
  }

  /** The latest state (what writers build on). */
  get(): S {
    return this.current;
  }

  /** Changes some fields; fields equal to what they were (same data) change nothing. */
  set(patch: Partial<S>): void {
    let next: S | undefined;
    for (const key of Object.keys(patch) as (keyof S)[]) {
      if (sameData(this.current[key], patch[key])) continue;
      next ??= { ...this.current };
      next[key] = patch[key] as S[keyof S];
    }
    if (!next) return;
    this.current = next;
    this.changed?.();
  }

  /** Something changed that components have not seen yet. */
  get pending(): boolean {
    return this.current !== this.shown;
  }

  /** What the components show: the state as of the last publish. */
  readonly snapshot = (): S => this.shown;

  /**
   * Shows the latest state: its subscriber (the screen's provider) renders
   * at once. `quiet`: without telling it, for a render that follows anyway.
   */
  publish(quiet = false): void {
    if (this.shown === this.current) return;
    this.shown = this.current;
    if (!quiet) for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Who asks for a frame when the state changes (the screen loop, while the screen is shown). */
  onChange(listener: (() => void) | undefined): void {
    this.changed = listener;
  }
}

/** Equal as data: the same value, or arrays and plain objects whose items are the same data. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameData(x, b[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype)
    return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
