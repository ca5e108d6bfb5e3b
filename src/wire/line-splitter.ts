// Bytes in, whole lines out. Works on bytes so that a UTF-8 character cut
// in two by a read is never decoded half; keeps the unfinished end of the
// last chunk (a line the API server is still writing) until its newline
// comes. Pure.

/** A line longer than this is not an audit event the API server wrote: it is skipped, not buffered forever. */
export const MAX_LINE_BYTES = 1 << 20;

export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private overlong = false;

  /** Whole lines of this chunk (with what was kept before); counts lines skipped for length. */
  push(chunk: Buffer): { lines: string[]; overlong: number } {
    const lines: string[] = [];
    let overlong = 0;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.overlong || this.partialBytes + piece.length > MAX_LINE_BYTES) {
        overlong++;
        this.clear();
        continue;
      }
      const bytes = this.partialBytes ? Buffer.concat([...this.partial, piece]) : piece;
      this.clear();
      const line = bytes.toString('utf8');
      if (line.trim()) lines.push(line);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (this.overlong || this.partialBytes + rest.length > MAX_LINE_BYTES) {
        // Drop it now and skip up to the next newline.
        this.clear();
        this.overlong = true;
      } else {
        // Copied: the caller reuses its read buffer.
        this.partial.push(Buffer.from(rest));
        this.partialBytes += rest.length;
      }
    }
    return { lines, overlong };
  }

  /** Bytes after the last newline: a line not finished (yet). */
  get pending(): number {
    return this.partialBytes + (this.overlong ? 1 : 0);
  }

  /** Forgets an unfinished line (the file it came from is gone or was cut). */
  clear(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.overlong = false;
  }
}
