// A check is an event source: pending (with a sentence and live progress),
// then passed, or failed with a reason the learner can act on. A failure is a
// value, never an exception.

export type CheckStatus =
  | { readonly kind: 'pending'; readonly waiting: string; readonly progress: string | undefined }
  | { readonly kind: 'passed'; readonly detail: string | undefined }
  | { readonly kind: 'failed'; readonly reason: string };

/** One look at the world. */
export interface Observation {
  readonly ok: boolean;
  /** Live progress such as "1 of 2 Pods Running". */
  readonly progress?: string;
  /** Why it is not ok yet (used in the failure reason). */
  readonly reason?: string;
}

/** What a check kind provides: a way to look, and optionally a way to hear about changes. */
export interface Observer {
  observe(signal: AbortSignal): Promise<Observation>;
  /**
   * Calls `wake` whenever the watched state may have changed (e.g. a watch
   * event), so the check notices within milliseconds instead of a poll period.
   * Returns a function that stops listening.
   */
  subscribe?(wake: () => void, signal: AbortSignal): () => void;
  /** How long to wait between looks when nothing wakes us (ms). */
  readonly pollMs: number;
  /** Most a failed look backs off to (ms). */
  readonly maxPollMs?: number;
}
