// A learner in a class: the workshop controller's state turned into progress
// messages (only those: progress.ts), a hand raised and lowered, a screen
// shared only while the learner says so, and leaving with one call. Sends
// at most ten progress messages a second (the newest wins), and everything
// the server should know again after each reconnect.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ControllerState } from '../engine/controller.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { ClassConnection, type ConnectionStatus } from './client.js';
import { systemClock, type Clock, type Timer } from './clock.js';
import type { JoinLine } from './join-line.js';
import { PROTOCOL_VERSION, type Progress } from './protocol.js';
import { progressOf, stepKeyOf } from './progress.js';
import { ScreenShare, type ScreenSource } from './screen-share.js';

/** What the workshop UI shows about the class. */
export interface ClassStatus {
  readonly connection: ConnectionStatus;
  /** host:port of the class server. */
  readonly address: string;
  readonly hand: boolean;
  readonly sharing: boolean;
  /** How many watch the shared screen now (the instructor, when they opened it). */
  readonly viewers: number;
}

export interface ControllerLike {
  state(): ControllerState;
  subscribe(listener: (s: ControllerState) => void): () => void;
}

export interface LearnerOptions {
  readonly join: JoinLine;
  readonly name: string;
  /** The learner's secret id: the same one finds the same row again. */
  readonly id: string;
  readonly controller: ControllerLike;
  readonly chapterCount: number;
  readonly clock?: Clock;
  /** Fewest milliseconds between two progress messages. */
  readonly minIntervalMs?: number;
}

/** The learner's id, kept in their state folder (0600) so a restarted demystify keeps its row. */
export async function learnerId(stateDir: string): Promise<string> {
  const file = path.join(stateDir, 'class', 'learner-id');
  const kept = (await fs.readFile(file, 'utf8').catch(() => '')).trim();
  if (/^[A-Za-z0-9_-]{22,64}$/.test(kept)) return kept;
  const id = crypto.randomBytes(18).toString('base64url');
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${id}\n`, { mode: 0o600 });
  return id;
}

export class ClassLearner {
  private readonly conn: ClassConnection;
  private readonly clock: Clock;
  private readonly offController: () => void;
  private readonly listeners = new Set<(s: ClassStatus) => void>();
  private hand = false;
  private share: ScreenShare | undefined;
  private viewers = 0;
  private stepKey = '';
  private stepStart: number;
  private lastFailure: string | undefined;
  private lastSent = '';
  private lastSentAt = -Infinity;
  private pending: Timer | undefined;

  constructor(private readonly opts: LearnerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.stepStart = this.clock.now();
    this.conn = new ClassConnection({
      join: opts.join,
      clock: this.clock,
      hello: () => ({
        type: 'hello',
        v: PROTOCOL_VERSION,
        role: 'learner',
        code: opts.join.code,
        id: opts.id,
        name: opts.name,
      }),
      onWelcome: () => {
        // A new connection (maybe a restarted server): everything again.
        this.lastSent = '';
        this.sendProgress(true);
        if (this.hand) this.conn.send({ type: 'hand', up: true });
        this.share?.announce();
      },
      onMessage: (msg) => {
        if (msg.type === 'keyframe') this.share?.keyframe();
        if (msg.type === 'viewers') {
          this.viewers = msg.count;
          this.emit();
        }
      },
      onStatus: () => this.emit(),
    });
    this.offController = opts.controller.subscribe(() => this.sendProgress(false));
  }

  status(): ClassStatus {
    const j = this.opts.join;
    return {
      connection: this.conn.state,
      address: `${j.host}:${j.port}`,
      hand: this.hand,
      sharing: this.share !== undefined,
      viewers: this.share ? this.viewers : 0,
    };
  }

  onStatus(listener: (s: ClassStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Raises the hand, or lowers it (toggles without an argument). */
  raiseHand(up = !this.hand): void {
    this.hand = up;
    this.conn.send({ type: 'hand', up });
    this.emit();
  }

  /** Starts sharing this screen with the instructor (read-only), or stops (undefined). */
  shareScreen(source: ScreenSource | undefined): void {
    this.share?.stop();
    this.share = source ? new ScreenShare(this.conn, source) : undefined;
    this.viewers = 0;
    this.emit();
  }

  /**
   * Leaves the class: nothing more is sent. `bye` (the learner chose to
   * leave) removes the row from the board; without it (the workshop quit)
   * the row stays and shows away, and the same learner joining again finds it.
   */
  async leave(bye = true): Promise<void> {
    this.offController();
    this.pending?.cancel();
    this.share?.stop();
    this.share = undefined;
    await this.conn.close(bye);
    this.emit();
  }

  /** The progress now, as it would be sent (tests, and the UI's "what is sent" view). */
  progress(): Progress {
    const s = this.opts.controller.state();
    const key = stepKeyOf(s);
    const now = this.clock.now();
    if (key !== this.stepKey) {
      this.stepKey = key;
      this.stepStart = now;
      this.lastFailure = undefined;
    }
    const status = s.current ? s.run.steps[s.current.id] : undefined;
    if (status?.kind === 'failed') this.lastFailure = status.reason;
    return progressOf(s, this.opts.chapterCount, now - this.stepStart, this.lastFailure);
  }

  private sendProgress(now: boolean): void {
    const p = this.progress();
    // stepMs changes every call: it does not make a message new on its own.
    const key = JSON.stringify({ ...p, stepMs: 0 });
    if (key === this.lastSent) return;
    const wait = this.lastSentAt + (this.opts.minIntervalMs ?? 100) - this.clock.now();
    if (!now && wait > 0) {
      this.pending ??= this.clock.after(wait, () => {
        this.pending = undefined;
        this.sendProgress(true);
      });
      return;
    }
    if (this.conn.send(p)) {
      this.lastSent = key;
      this.lastSentAt = this.clock.now();
    }
  }

  private emit(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}
