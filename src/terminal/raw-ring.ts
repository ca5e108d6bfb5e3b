// A program's raw output (escape sequences included), the newest part kept
// within a bound of characters and of lines. Chunks are kept as they came and
// whole chunks are dropped from the front, so adding costs the same however
// much is kept; the text is joined only when someone reads it (a pane opened
// later, copy mode), and then starts at a line start so a replay never begins
// inside an escape sequence.

export interface RawRingLimits {
  readonly maxChars: number;
  /** Newlines kept, about (the oldest chunk goes once the rest holds this many). */
  readonly maxLines?: number;
}

export class RawRing {
  private chunks: (string | undefined)[] = [];
  private lineCounts: number[] = [];
  private head = 0;
  private chars = 0;
  private lines = 0;
  /** Something was dropped: the text may start mid-line. */
  private trimmed = false;

  constructor(private readonly limits: RawRingLimits) {}

  get size(): number {
    return this.chars;
  }

  /** Newlines in what is kept. */
  get lineCount(): number {
    return this.lines;
  }

  push(chunk: string): void {
    if (chunk === '') return;
    const n = this.limits.maxLines === undefined ? 0 : countNewlines(chunk);
    this.chunks.push(chunk);
    this.lineCounts.push(n);
    this.chars += chunk.length;
    this.lines += n;
    this.trim();
  }

  /** Everything kept, from the first line start when older output was dropped. */
  text(): string {
    const live = this.chunks.slice(this.head) as string[];
    // Joined once: the next read (and the next trim) works on one chunk.
    const joined = live.join('');
    this.chunks = [joined];
    this.lineCounts = [this.lines];
    this.head = 0;
    if (!this.trimmed) return joined;
    const nl = joined.indexOf('\n');
    return nl >= 0 ? joined.slice(nl + 1) : joined;
  }

  private trim(): void {
    const { maxChars, maxLines = Infinity } = this.limits;
    const over = (): boolean => this.chars > maxChars || this.lines > maxLines;
    while (over() && this.chunks.length - this.head > 1) {
      const first = this.chunks[this.head] as string;
      this.chars -= first.length;
      this.lines -= this.lineCounts[this.head] ?? 0;
      this.chunks[this.head] = undefined;
      this.head += 1;
      this.trimmed = true;
    }
    if (this.chars > maxChars) {
      // One chunk bigger than the bound: keep its end.
      const only = this.chunks[this.head] as string;
      const kept = only.slice(only.length - maxChars);
      this.chunks[this.head] = kept;
      this.chars = kept.length;
      this.lines = this.limits.maxLines === undefined ? 0 : countNewlines(kept);
      this.lineCounts[this.head] = this.lines;
      this.trimmed = true;
    }
    // Forget the dropped slots now and then, not on every chunk.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.lineCounts = this.lineCounts.slice(this.head);
      this.head = 0;
    }
  }
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n += 1;
  return n;
}
