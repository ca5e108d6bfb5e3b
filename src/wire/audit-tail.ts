// Follows the audit log as it grows, the way `tail -F` would, and says in one
// line each whatever happens to it: rotated by lumberjack when it passes its
// size bound, truncated, deleted (the API server goes on writing into the
// deleted file, so we go on reading it), replaced, a half-written line cut
// off, a line that is not an audit event. Polls: one stat every few hundred
// milliseconds costs nothing, and unlike inotify it sees renames and
// recreations the same on every filesystem.
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { parseAuditLine, type AuditEvent } from './audit-event.js';
import { backupsOf, noAuditLogSentence } from './audit-files.js';
import { LineSplitter } from './line-splitter.js';

export type TailItem =
  { readonly kind: 'event'; readonly event: AuditEvent } | { readonly kind: 'notice'; readonly text: string };

export interface TailOptions {
  /** Leave out events older than this (ms since the epoch). */
  readonly since?: number | undefined;
  /** Start at the end of audit.log: only what is written from now on. */
  readonly fromEnd?: boolean;
}

/** Bad lines named one by one per look; beyond that, counted. */
const BAD_LINES_NAMED = 3;
const CHUNK = 1 << 20;
/** Most bytes one look reads, so a huge backlog is taken in steps. */
const MAX_PER_LOOK = 16 << 20;

export class AuditTail {
  private file: fs.FileHandle | undefined;
  private ino = 0;
  private pos = 0;
  private lineNo = 0;
  private first = true;
  private saidMissing = false;
  private saidDeleted = false;
  /** The file we followed was rotated away and its successor is not there yet. */
  private rotated = false;
  private readonly splitter = new LineSplitter();
  private readonly buf = Buffer.alloc(CHUNK);
  /** The last look stopped at its budget: there is more to read right away. */
  more = false;

  constructor(
    readonly logPath: string,
    private readonly opts: TailOptions = {},
  ) {}

  /** One look: what was written since the last one (the first look also reads the backups, unless fromEnd). */
  async poll(): Promise<TailItem[]> {
    const out = new Batch(path.basename(this.logPath), this.opts.since);
    const st = await statOrUndefined(this.logPath);
    if (this.first && !this.opts.fromEnd) await this.readBackups(out);
    if (this.file && (!st || st.ino !== this.ino)) await this.fileMoved(st, out);
    if (!this.file) {
      if (!st) {
        // Just rotated: lumberjack makes the new file with its next write.
        if (!this.saidMissing && !this.rotated) out.notice(noAuditLogSentence(this.logPath));
        this.saidMissing = !this.rotated;
        this.first = false;
        return out.items;
      }
      if (this.saidMissing) out.notice(`the audit log ${this.logPath} is there now: following it`);
      this.saidMissing = false;
      this.rotated = false;
      this.saidDeleted = false;
      this.file = await fs.open(this.logPath, 'r');
      this.ino = (await this.file.stat()).ino;
      this.pos = this.first && this.opts.fromEnd ? (await this.file.stat()).size : 0;
      this.lineNo = 0;
    }
    this.first = false;
    const size = (await this.file.stat()).size;
    if (size < this.pos) {
      out.notice(
        `the audit log was truncated (something emptied ${this.logPath}): reading it again from its start`,
      );
      this.pos = 0;
      this.lineNo = 0;
      this.splitter.clear();
    }
    await this.readOn(this.file, out, MAX_PER_LOOK);
    return out.items;
  }

  /** Bytes of a line not finished yet at the end of audit.log. */
  get pending(): number {
    return this.splitter.pending;
  }

  async close(): Promise<void> {
    await this.file?.close().catch(() => undefined);
    this.file = undefined;
  }

  /** The path no longer names the file we hold: rotated, replaced, or deleted. */
  private async fileMoved(st: { ino: number } | undefined, out: Batch): Promise<void> {
    const held = this.file!;
    const rotatedTo = await this.backupHolding(this.ino);
    if (!st && !rotatedTo) {
      // Deleted: lumberjack keeps writing into the open (now nameless) file until it rotates or restarts.
      if (!this.saidDeleted)
        out.notice(
          `the audit log ${this.logPath} was deleted: the API server goes on writing into the deleted file until it restarts, and the wire view goes on reading it`,
        );
      this.saidDeleted = true;
      return;
    }
    await this.readOn(held, out, Infinity);
    if (this.splitter.pending)
      out.notice(
        `a half-written line at the end of the old audit log was skipped (${this.splitter.pending} bytes)`,
      );
    this.splitter.clear();
    await held.close().catch(() => undefined);
    this.file = undefined;
    this.rotated = rotatedTo !== undefined;
    out.notice(
      rotatedTo
        ? `the audit log reached its size bound and was rotated to ${path.basename(rotatedTo)}: following the new ${path.basename(this.logPath)}`
        : `the audit log was replaced by a new file: following it from its start`,
    );
    // Rotated more than once since the last look: the files in between are read whole.
    if (rotatedTo)
      for (const b of (await backupsOf(this.logPath)).filter((b) => b > rotatedTo)) {
        out.notice(
          `it was rotated again, to ${path.basename(b)}, before the view looked: reading that file whole`,
        );
        await this.readWhole(b, out);
      }
  }

  private async backupHolding(ino: number): Promise<string | undefined> {
    for (const b of (await backupsOf(this.logPath)).reverse()) {
      if ((await statOrUndefined(b))?.ino === ino) return b;
    }
    return undefined;
  }

  private async readBackups(out: Batch): Promise<void> {
    for (const b of await backupsOf(this.logPath)) {
      const st = await statOrUndefined(b);
      // A backup last written before `since` holds nothing newer.
      if (!st || (this.opts.since !== undefined && st.mtimeMs < this.opts.since)) continue;
      await this.readWhole(b, out);
    }
  }

  /** One closed file (a backup), whole. */
  private async readWhole(b: string, out: Batch): Promise<void> {
    let file: fs.FileHandle;
    try {
      file = await fs.open(b, 'r');
    } catch {
      return; // removed by lumberjack meanwhile
    }
    const splitter = new LineSplitter();
    const sub = new Batch(path.basename(b), this.opts.since);
    let pos = 0;
    let lineNo = 0;
    try {
      for (;;) {
        const { bytesRead } = await file.read(this.buf, 0, CHUNK, pos);
        if (!bytesRead) break;
        pos += bytesRead;
        lineNo = sub.lines(splitter.push(this.buf.subarray(0, bytesRead)), lineNo);
      }
    } finally {
      await file.close().catch(() => undefined);
    }
    if (splitter.pending) sub.notice(`the last line of ${path.basename(b)} is half-written: skipped`);
    out.take(sub);
  }

  private async readOn(file: fs.FileHandle, out: Batch, budget: number): Promise<void> {
    this.more = false;
    for (let read = 0; ;) {
      if (read >= budget) {
        this.more = true;
        return;
      }
      const { bytesRead } = await file.read(this.buf, 0, CHUNK, this.pos);
      if (!bytesRead) return;
      this.pos += bytesRead;
      read += bytesRead;
      this.lineNo = out.lines(this.splitter.push(this.buf.subarray(0, bytesRead)), this.lineNo);
    }
  }
}

/** The items of one look, with bad lines counted rather than listed past a few. */
class Batch {
  readonly items: TailItem[] = [];
  private bad = 0;

  constructor(
    private readonly fileName: string,
    private readonly since: number | undefined,
  ) {}

  notice(text: string): void {
    this.flushBad();
    this.items.push({ kind: 'notice', text });
  }

  lines(chunk: { lines: string[]; overlong: number }, lineNo = 0): number {
    let n = lineNo;
    for (const line of chunk.lines) {
      n++;
      const parsed = parseAuditLine(line);
      if (parsed.kind === 'event') {
        this.flushBad();
        if (this.since === undefined || parsed.event.time >= this.since)
          this.items.push({ kind: 'event', event: parsed.event });
      } else if (this.bad++ < BAD_LINES_NAMED)
        this.items.push({ kind: 'notice', text: `line ${n} of ${this.fileName} skipped: ${parsed.reason}` });
    }
    for (let i = 0; i < chunk.overlong; i++)
      this.notice(`a line of ${this.fileName} longer than 1 MiB was skipped: not an audit event`);
    this.flushBad();
    return n + chunk.overlong;
  }

  take(other: Batch): void {
    this.items.push(...other.items);
  }

  private flushBad(): void {
    if (this.bad > BAD_LINES_NAMED)
      this.items.push({
        kind: 'notice',
        text: `${this.bad - BAD_LINES_NAMED} more lines of ${this.fileName} skipped: not audit events`,
      });
    this.bad = 0;
  }
}

async function statOrUndefined(p: string): Promise<{ ino: number; mtimeMs: number } | undefined> {
  try {
    return await fs.stat(p);
  } catch {
    return undefined;
  }
}

/** Everything the log and its backups hold now (since `since`), and what was wrong with it. */
export async function readAudit(logPath: string, opts: TailOptions = {}): Promise<TailItem[]> {
  const tail = new AuditTail(logPath, opts);
  const items: TailItem[] = [];
  try {
    do items.push(...(await tail.poll()));
    while (tail.more);
    if (tail.pending)
      items.push({
        kind: 'notice',
        text: `the last line of ${path.basename(logPath)} is half-written (the API server is writing it, or stopped in the middle of it): skipped`,
      });
  } finally {
    await tail.close();
  }
  return items;
}

/** Polls until `signal` aborts, handing each look's items over (never an empty batch). */
export async function followAudit(
  tail: AuditTail,
  onItems: (items: TailItem[]) => void,
  signal: AbortSignal,
  pollMs = 250,
): Promise<void> {
  let lastError = '';
  while (!signal.aborted) {
    try {
      const items = await tail.poll();
      lastError = '';
      if (items.length) onItems(items);
    } catch (e) {
      // An unreadable file (permissions, I/O): said once, tried again.
      const text = `cannot read the audit log ${tail.logPath}: ${(e as Error).message}`;
      if (text !== lastError) onItems([{ kind: 'notice', text }]);
      lastError = text;
      await tail.close();
    }
    // Rejects when stopped: that ends the loop.
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
  await tail.close();
}
