// What the instructor's board shows, derived from the roster at a moment:
// each learner's state in words, time on the step, whether they are away,
// the mark on anyone stuck too long or with a hand up, and the order (stuck
// ones first by default). Pure: the board's Ink components render these rows.
import type { LearnerRow } from './roster.js';

export const AWAY_AFTER_MS = 60_000;
export const DEFAULT_STUCK_MS = 5 * 60_000;

export type BoardSort = 'stuck' | 'name' | 'progress';
export type BoardFilter = 'all' | 'attention' | 'sharing';
export const SORTS: readonly BoardSort[] = ['stuck', 'name', 'progress'];
export const FILTERS: readonly BoardFilter[] = ['all', 'attention', 'sharing'];

export type RowState = 'running' | 'waiting on a check' | 'failed' | 'reading' | 'chapter done' | 'joined';

export interface BoardRow {
  readonly key: string;
  readonly name: string;
  /** "3/15 kube-apiserver", or "" before the first progress. */
  readonly chapter: string;
  /** "4/9 check: readyz", or "(end)". */
  readonly step: string;
  readonly state: RowState;
  readonly onStepMs: number;
  readonly hints: number;
  /** The last failure reason, or what the check waits for, one line. */
  readonly reason: string;
  readonly away: boolean;
  readonly hand: boolean;
  readonly sharing: boolean;
  /** Stuck longer than the threshold on a step, or a hand up. */
  readonly marked: boolean;
  /** Messages of theirs the server dropped (malformed, oversized, flood). */
  readonly dropped: number;
  readonly row: LearnerRow;
}

export interface BoardOptions {
  readonly sort: BoardSort;
  readonly filter: BoardFilter;
  readonly stuckMs: number;
  readonly awayMs?: number;
}

function stateOf(r: LearnerRow): RowState {
  const p = r.progress;
  if (!p) return 'joined';
  switch (p.state) {
    case 'running':
      return 'running';
    case 'waiting':
      return 'waiting on a check';
    case 'failed':
      return 'failed';
    case 'done':
      return 'chapter done';
    default:
      return 'reading';
  }
}

export function boardRow(r: LearnerRow, now: number, stuckMs: number, awayMs = AWAY_AFTER_MS): BoardRow {
  const p = r.progress;
  const state = stateOf(r);
  const onStepMs = Math.max(0, now - r.stepSince);
  const hand = r.handSince !== undefined;
  return {
    key: r.key,
    name: r.name,
    chapter: p ? `${p.chapter.index + 1}/${p.chapter.count} ${p.chapter.title}` : '',
    step: p ? (p.step ? `${p.step.index + 1}/${p.step.count} ${p.step.label}` : '(end)') : '',
    state,
    onStepMs,
    hints: p?.hints ?? 0,
    reason: p?.reason ?? '',
    away: now - r.lastSeen >= awayMs,
    hand,
    sharing: r.sharing !== undefined,
    marked: hand || (state !== 'chapter done' && state !== 'joined' && onStepMs >= stuckMs),
    dropped: r.dropped.malformed + r.dropped.oversized + r.dropped.flood,
    row: r,
  };
}

/** How much a row needs the instructor: hands, then the marked, then failing, then waiting. */
function need(b: BoardRow): number {
  if (b.hand) return 0;
  if (b.marked) return 1;
  if (b.state === 'failed') return 2;
  if (b.state === 'waiting on a check') return 3;
  return 4;
}

const byName = (a: BoardRow, b: BoardRow): number =>
  a.name.localeCompare(b.name) || a.key.localeCompare(b.key);
const position = (b: BoardRow): number =>
  b.row.progress ? b.row.progress.chapter.index * 10_000 + (b.row.progress.step?.index ?? 9_999) : -1;

const ORDER: Record<BoardSort, (a: BoardRow, b: BoardRow) => number> = {
  stuck: (a, b) => need(a) - need(b) || b.onStepMs - a.onStepMs || byName(a, b),
  name: byName,
  // Furthest behind first: they are the ones the class is waiting for.
  progress: (a, b) => position(a) - position(b) || byName(a, b),
};

const KEEP: Record<BoardFilter, (b: BoardRow) => boolean> = {
  all: () => true,
  attention: (b) => b.marked || b.hand || b.state === 'failed' || b.away,
  sharing: (b) => b.sharing,
};

export function boardRows(rows: readonly LearnerRow[], now: number, opts: BoardOptions): BoardRow[] {
  return rows
    .map((r) => boardRow(r, now, opts.stuckMs, opts.awayMs))
    .filter(KEEP[opts.filter])
    .sort(ORDER[opts.sort]);
}

/** "42s", "7m", "1h05": time on a step at a glance. */
export function shortDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;
}
