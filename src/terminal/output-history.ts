// What a component printed recently, kept bounded so a chatty component (an
// API server at verbose log level) can run for hours: plain lines for probes
// and crash reports, and the raw tail so a pane opened later can replay it.
import { AnsiLineSplitter } from './ansi-lines.js';
import { RawRing } from './raw-ring.js';

export interface HistoryLimits {
  readonly maxLines: number;
  /** Characters over all kept lines. */
  readonly maxChars: number;
  /** Characters of raw output (with escape sequences) kept for replay. */
  readonly maxRawChars: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  maxLines: 2_000,
  maxChars: 1024 * 1024,
  maxRawChars: 256 * 1024,
};

/** A fixed-capacity ring of lines; the oldest go first when either bound is passed. */
export class LineRing {
  private readonly slots: (string | undefined)[];
  private head = 0;
  private count = 0;
  private chars = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxChars: number,
  ) {
    this.slots = new Array<string | undefined>(maxLines);
  }

  get size(): number {
    return this.count;
  }

  push(line: string): void {
    if (this.count === this.maxLines) this.dropOldest();
    this.slots[(this.head + this.count) % this.maxLines] = line;
    this.count += 1;
    this.chars += line.length;
    while (this.chars > this.maxChars && this.count > 1) this.dropOldest();
  }

  /** The newest `max` lines, oldest first. */
  last(max: number = this.count): string[] {
    const n = Math.max(0, Math.min(max, this.count));
    const out: string[] = [];
    for (let i = this.count - n; i < this.count; i += 1) {
      out.push(this.slots[(this.head + i) % this.maxLines] as string);
    }
    return out;
  }

  private dropOldest(): void {
    const line = this.slots[this.head] as string;
    this.slots[this.head] = undefined;
    this.chars -= line.length;
    this.head = (this.head + 1) % this.maxLines;
    this.count -= 1;
  }
}

export class OutputHistory {
  private readonly splitter = new AnsiLineSplitter();
  private readonly lines: LineRing;
  private readonly rawRing: RawRing;

  constructor(limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {
    this.lines = new LineRing(limits.maxLines, limits.maxChars);
    this.rawRing = new RawRing({ maxChars: limits.maxRawChars });
  }

  /** Records a raw chunk; returns the plain lines it completed. */
  push(chunk: string): string[] {
    this.rawRing.push(chunk);
    const done = this.splitter.push(chunk);
    for (const line of done) this.lines.push(line);
    return done;
  }

  partial(): string {
    return this.splitter.partial();
  }

  /** The newest lines, including the unfinished last one (a prompt, a last message without newline). */
  recentLines(max?: number): string[] {
    const partial = this.splitter.partial();
    if (partial === '') return this.lines.last(max);
    const limit = max ?? this.lines.size + 1;
    if (limit <= 0) return [];
    return [...this.lines.last(limit - 1), partial];
  }

  raw(): string {
    return this.rawRing.text();
  }
}
