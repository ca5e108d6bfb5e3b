// The learner's seat in a class, as the workshop UI holds it: the class
// learner (src/class/learner.ts) if there is one, what its keys do (raise
// or lower the hand, share this screen or stop, leave), and its status
// turned into what the chrome shows, handed to the store on every change.
// Without a class the keys say how to join. The workshop never waits on
// the class: a key does its part at once and the learner sends it when it
// can (after a reconnect, everything again).
import { systemClock, type Clock } from '../../class/clock.js';
import type { ClassLearner, ClassStatus } from '../../class/learner.js';
import type { ScreenSource } from '../../class/screen-share.js';
import { keyFor } from '../key-bindings.js';

export type ClassAction = 'hand' | 'share' | 'leave';

/** What the chrome shows about the class (undefined: not in one). */
export interface ClassChrome {
  /** `away`: unreachable for AWAY_AFTER_MS, as long as the board takes to show the row away. */
  readonly state: 'joining' | 'connected' | 'reconnecting' | 'away' | 'refused';
  /** The class's title, once a server welcomed us (kept while reconnecting). */
  readonly title: string | undefined;
  /** host:port of the class server. */
  readonly address: string;
  /** Why the class refused us (state `refused`). */
  readonly reason: string | undefined;
  readonly hand: boolean;
  readonly sharing: boolean;
  readonly viewers: number;
}

/** The board shows a learner away after 60 s without them (docs/class.md). */
export const AWAY_AFTER_MS = 60_000;

export interface SeatOptions {
  /** This terminal's screen as a class can watch it (the tapped terminal); undefined: cannot share. */
  readonly screen: ScreenSource | undefined;
  /** Hands the chrome to the store (which publishes it at the next frame). */
  readonly publish: (chrome: ClassChrome | undefined) => void;
  /** Joins the class of a join line (the join key); absent: this screen cannot join one. A bad line throws its sentence. */
  readonly join?: (line: string) => Promise<ClassLearner>;
  readonly clock?: Clock;
}

/** The sentence for a class key outside a class. */
export function notInClass(): string {
  return `not in a class: ${keyFor('main', 'class-join')} joins one, or start demystify --join <line> (the line the instructor’s demystify class shows)`;
}

export class ClassSeat {
  private learner: ClassLearner | undefined;
  private off: (() => void) | undefined;
  private title: string | undefined;
  private lostSince: number | undefined;
  private readonly clock: Clock;

  constructor(private readonly opts: SeatOptions) {
    this.clock = opts.clock ?? systemClock;
  }

  get joined(): boolean {
    return this.learner !== undefined;
  }

  /** Sits this learner down (a class joined); its status is shown from now on. */
  attach(learner: ClassLearner): void {
    this.detach();
    this.learner = learner;
    this.title = undefined;
    this.lostSince = this.clock.now();
    this.off = learner.onStatus((s) => this.show(s));
    this.show(learner.status());
  }

  /** Joins the class of a typed join line; the sentence for the status line. */
  async join(line: string): Promise<string> {
    // A class that refused us (a wrong code, another certificate) is given up for the new line.
    if (this.refused()) await this.close();
    if (this.learner) {
      const where = this.title ?? this.learner.status().address;
      return `already in the class ${where}: ${keyFor('main', 'class-leave')} leaves it first`;
    }
    if (!this.opts.join) return 'this screen does not join a class';
    let learner: ClassLearner;
    try {
      learner = await this.opts.join(line);
    } catch (e) {
      return `not joined: ${(e as Error).message}`;
    }
    // Joined twice at once (a second line given while the first was read): the first one stays.
    if (this.learner) {
      await learner.leave(true);
      return 'already joining a class';
    }
    this.attach(learner);
    return `joining ${learner.status().address}…`;
  }

  /** Does what a class key asks; the sentence for the status line. */
  async command(action: ClassAction): Promise<string> {
    const l = this.learner;
    if (!l) return notInClass();
    const refused = this.refused();
    if (refused && action !== 'leave')
      return `not joined: ${refused}; ${keyFor('main', 'class-join')} joins with another line`;
    if (action === 'hand') {
      l.raiseHand();
      return l.status().hand
        ? `hand raised: the instructor sees it on the board (${keyFor('main', 'class-hand')} lowers it)`
        : 'hand lowered';
    }
    if (action === 'share') {
      if (l.status().sharing) {
        l.shareScreen(undefined);
        return 'stopped sharing your screen';
      }
      if (!this.opts.screen) return 'this screen cannot be shared';
      l.shareScreen(this.opts.screen);
      return `sharing your screen with the instructor, read-only, until ${keyFor('main', 'class-share')} stops it`;
    }
    const title = this.title;
    this.detach();
    await l.leave(true);
    return `left the class${title ? ` ${title}` : ''}: nothing more is sent; the workshop goes on`;
  }

  /** The workshop quits: the learner stops without leaving (the row shows away; joining again finds it). */
  async close(): Promise<void> {
    const l = this.learner;
    this.detach();
    await l?.leave(false);
  }

  /** Why the class refused us, if it did (trying again would not help). */
  private refused(): string | undefined {
    const c = this.learner?.status().connection;
    return c?.kind === 'stopped' ? c.reason : undefined;
  }

  private detach(): void {
    this.off?.();
    this.off = undefined;
    this.learner = undefined;
    this.opts.publish(undefined);
  }

  private show(s: ClassStatus): void {
    const c = s.connection;
    if (c.kind === 'closed') return this.opts.publish(undefined);
    if (c.kind === 'connected') {
      this.title = c.title;
      this.lostSince = undefined;
    } else this.lostSince ??= this.clock.now();
    const state =
      c.kind === 'connected'
        ? 'connected'
        : c.kind === 'stopped'
          ? 'refused'
          : c.attempt === 0 && this.title === undefined
            ? 'joining'
            : this.clock.now() - (this.lostSince ?? 0) >= AWAY_AFTER_MS
              ? 'away'
              : 'reconnecting';
    this.opts.publish({
      state,
      title: this.title,
      address: s.address,
      reason: c.kind === 'stopped' ? c.reason : undefined,
      hand: s.hand,
      sharing: s.sharing,
      viewers: s.viewers,
    });
  }
}
