// The class as the server knows it: one row per learner, keyed by the
// learner's secret id (so a reconnect, or a restarted server, finds the same
// row), with what they last told us and what we saw of their connection.
// Time comes in as arguments: the model is pure apart from its own state.
import crypto from 'node:crypto';
import type { Progress } from './protocol.js';

export type DropKind = 'malformed' | 'oversized' | 'flood';

export interface LearnerRow {
  /** A public handle for the row (the board's selection, the screen view): a hash of the secret id. */
  readonly key: string;
  readonly name: string;
  readonly progress: Progress | undefined;
  /** Server time at which the learner reached this step (their own stepMs, taken back from the moment it arrived). */
  readonly stepSince: number;
  /** When the hand went up; undefined: down. */
  readonly handSince: number | undefined;
  /** The learner's screen is shared, at this size. */
  readonly sharing: { readonly cols: number; readonly rows: number } | undefined;
  /** Last word from them: any message, or an answer to a ping. */
  readonly lastSeen: number;
  readonly connected: boolean;
  readonly joinedAt: number;
  readonly dropped: Readonly<Record<DropKind, number>>;
}

export function publicKeyOf(id: string): string {
  return crypto.createHash('sha256').update(id).digest('base64url').slice(0, 10);
}

const stepKey = (p: Progress | undefined): string => (p ? `${p.chapter.id}/${p.step?.id ?? '(end)'}` : '');

export class Roster {
  private readonly rows = new Map<string, LearnerRow>();
  private readonly byKey = new Map<string, string>();
  /** Bumped on every change: the board redraws when it moved. */
  version = 0;

  /** A learner said hello: their row, new or found again (a reconnect keeps everything but the name they now give). */
  join(id: string, name: string, now: number): LearnerRow {
    const old = this.rows.get(id);
    const row: LearnerRow = old
      ? { ...old, name, connected: true, lastSeen: now }
      : {
          key: publicKeyOf(id),
          name,
          progress: undefined,
          stepSince: now,
          handSince: undefined,
          sharing: undefined,
          lastSeen: now,
          connected: true,
          joinedAt: now,
          dropped: { malformed: 0, oversized: 0, flood: 0 },
        };
    this.byKey.set(row.key, id);
    return this.set(id, row);
  }

  progress(id: string, p: Progress, now: number): void {
    const row = this.rows.get(id);
    if (!row) return;
    // Their own count of time on the step survives a server restart; a new step starts now (or when they say).
    const since = stepKey(p) === stepKey(row.progress) && row.progress ? row.stepSince : now - p.stepMs;
    this.set(id, { ...row, progress: p, stepSince: Math.min(since, now), lastSeen: now });
  }

  hand(id: string, up: boolean, now: number): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.set(id, { ...row, handSince: up ? (row.handSince ?? now) : undefined, lastSeen: now });
  }

  sharing(id: string, size: { cols: number; rows: number } | undefined, now: number): void {
    const row = this.rows.get(id);
    if (row) this.set(id, { ...row, sharing: size, lastSeen: now });
  }

  /** Any sign of life (a message, a pong): not away. Changes the version only when it changes what shows. */
  seen(id: string, now: number): void {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, { ...row, lastSeen: now });
  }

  /** The connection closed; the row stays (it shows away once quiet long enough) and sharing stops. */
  disconnected(id: string): void {
    const row = this.rows.get(id);
    if (row) this.set(id, { ...row, connected: false, sharing: undefined });
  }

  /** The learner left the class on purpose: the row goes. */
  leave(id: string): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.rows.delete(id);
    this.byKey.delete(row.key);
    this.version += 1;
  }

  dropped(id: string, kind: DropKind): void {
    const row = this.rows.get(id);
    if (row) this.set(id, { ...row, dropped: { ...row.dropped, [kind]: row.dropped[kind] + 1 } });
  }

  idOf(key: string): string | undefined {
    return this.byKey.get(key);
  }

  get(id: string): LearnerRow | undefined {
    return this.rows.get(id);
  }

  all(): LearnerRow[] {
    return [...this.rows.values()];
  }

  private set(id: string, row: LearnerRow): LearnerRow {
    this.rows.set(id, row);
    this.version += 1;
    return row;
  }
}
