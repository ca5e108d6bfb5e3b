// The wire view's data for a session: the audit log followed from the moment
// the session starts, the last requests kept in a bounded ring, and what the
// UI asks of them — the lines under a filter, and the story of a step's
// window ("what just happened"). The UI renders; this never draws.
import { AuditTail, followAudit, type TailItem } from '../wire/audit-tail.js';
import type { AuditEvent } from '../wire/audit-event.js';
import { ObjectGraph } from '../wire/object-graph.js';
import { buildStory, storyLines } from '../wire/story.js';
import { AgentNamer, toEntry, type WireEntry } from '../wire/wire-entry.js';
import { shows, type WireFilter } from '../wire/wire-filter.js';
import { formatEntry, type LineStyle } from '../wire/wire-line.js';

export interface WireFeedOptions {
  /** Requests kept (the oldest go first). */
  readonly capacity?: number;
  readonly pollMs?: number;
}

/** A line of the view: a request, or what happened to the log itself. */
export type WireLine =
  | { readonly kind: 'entry'; readonly entry: WireEntry }
  | { readonly kind: 'notice'; readonly text: string; readonly time: number };

export class WireFeed {
  private readonly lines: WireLine[] = [];
  private readonly namer = new AgentNamer();
  private readonly listeners = new Set<() => void>();
  private readonly stop = new AbortController();
  private readonly capacity: number;
  private following: Promise<void> | undefined;

  constructor(
    readonly logPath: string,
    private readonly opts: WireFeedOptions = {},
  ) {
    this.capacity = opts.capacity ?? 20_000;
  }

  /** Starts following: what the log holds now is history of another session, so only what comes from now on. */
  start(): void {
    this.following ??= followAudit(
      new AuditTail(this.logPath, { fromEnd: true }),
      (items) => this.take(items),
      this.stop.signal,
      this.opts.pollMs,
    );
  }

  /** Takes a look's items (also how tests feed it). */
  take(items: readonly TailItem[]): void {
    for (const item of items)
      this.lines.push(
        item.kind === 'event'
          ? { kind: 'entry', entry: toEntry(item.event, this.namer) }
          : { kind: 'notice', text: item.text, time: Date.now() },
      );
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    for (const l of this.listeners) l();
  }

  /** Called after each batch of new lines. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last `limit` lines the filter shows, oldest first; notices always. */
  view(filter: WireFilter, limit: number, style?: LineStyle): string[] {
    const out: string[] = [];
    for (let i = this.lines.length - 1; i >= 0 && out.length < limit; i--) {
      const l = this.lines[i]!;
      if (l.kind === 'notice') out.push(`-- ${l.text}`);
      else if (shows(l.entry, filter)) out.push(formatEntry(l.entry, style));
    }
    return out.reverse();
  }

  /** "What just happened" between two times: the story of the writes, in order, by family. */
  story(from: number, to: number = Date.now()): string[] {
    const all = this.events();
    const graph = new ObjectGraph(all);
    const window = all.filter((e) => e.time >= from && e.time <= to);
    return storyLines(buildStory(window, graph, this.namer), graph);
  }

  private events(): AuditEvent[] {
    return this.lines.flatMap((l) => (l.kind === 'entry' ? [l.entry.event] : []));
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.following;
  }
}
