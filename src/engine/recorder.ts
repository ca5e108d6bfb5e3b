// Records one chapter run: every pane's raw output as an asciicast v2 file,
// a marker in each at every step start, and the manifest. All files share
// one clock that starts with the recording, so a player can merge the panes
// in time order. Written into a temp folder next to the target and renamed
// into place when the chapter ends: a recording is there whole or not at all.
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Chapter, Step } from '../lesson/model.js';
import { encodeEvent, encodeHeader } from '../recording/asciicast.js';
import {
  MANIFEST_FILE,
  markerText,
  paneFile,
  type RecordedMarker,
  type RecordedPane,
  type RecordingManifest,
} from '../recording/manifest.js';
import type { Component, Supervisor } from '../terminal/types.js';
import { stepLabel } from './step-status.js';

/** How much of a pane that was already running goes in first, so the recording opens on its screen. */
const BACKLOG_CHARS = 16 * 1024;

interface PaneWriter {
  readonly pane: Omit<RecordedPane, 'order'>;
  readonly out: WriteStream;
  off: (() => void) | undefined;
  last: number;
}

export interface RecorderOptions {
  /** The recording's folder (replaced if it exists). */
  readonly dir: string;
  readonly chapter: Chapter;
  readonly supervisor: Supervisor;
  /** Milliseconds, monotonic; tests pass their own. */
  readonly clock?: () => number;
}

export class ChapterRecorder {
  private readonly panes = new Map<string, PaneWriter>();
  private readonly markers: RecordedMarker[] = [];
  private readonly t0: number;
  private readonly startedAt = new Date();
  private readonly offStart: () => void;
  private finished: Promise<RecordingManifest> | undefined;

  private constructor(
    private readonly opts: RecorderOptions,
    private readonly temp: string,
  ) {
    this.t0 = this.now();
    for (const c of opts.supervisor.list()) {
      const s = c.state().kind;
      if (s === 'starting' || s === 'ready') this.attach(c, backlog(c.rawOutput()), 0);
    }
    this.offStart = opts.supervisor.onStart((c) => this.attach(c, '', this.elapsed()));
  }

  static async start(opts: RecorderOptions): Promise<ChapterRecorder> {
    const temp = `${opts.dir}.tmp-${randomBytes(4).toString('hex')}`;
    await fs.mkdir(temp, { recursive: true });
    return new ChapterRecorder(opts, temp);
  }

  /** A marker in every pane: the step starts now. */
  marker(step: Step): void {
    const m: RecordedMarker = { time: this.elapsed(), stepId: step.id, label: stepLabel(step) };
    this.markers.push(m);
    for (const w of this.panes.values()) this.write(w, m.time, 'm', markerText(m));
  }

  /** Stops recording and puts the folder in place; calling it again returns the same manifest. */
  finish(result?: { ok: boolean }): Promise<RecordingManifest> {
    this.finished ??= this.close(result);
    return this.finished;
  }

  private async close(result: { ok: boolean } | undefined): Promise<RecordingManifest> {
    this.offStart();
    const duration = this.elapsed();
    for (const w of this.panes.values()) {
      w.off?.();
      await new Promise<void>((resolve, reject) =>
        w.out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    }
    const manifest: RecordingManifest = {
      version: 1,
      format: 'asciicast-v2',
      chapter: { id: this.opts.chapter.meta.id, title: this.opts.chapter.meta.title },
      startedAt: this.startedAt.toISOString(),
      duration,
      // The shell is the bottom pane, the rest keep their start order: the UI's layout.
      panes: [...this.panes.values()]
        .map((w) => w.pane)
        .sort((a, b) => Number(b.name === 'shell') - Number(a.name === 'shell'))
        .map((pane, order) => ({ ...pane, order })),
      markers: this.markers,
      ...(result ? { result } : {}),
    };
    await writeFileAtomic(path.join(this.temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const old = `${this.opts.dir}.old-${randomBytes(4).toString('hex')}`;
    const hadOld = await fs.rename(this.opts.dir, old).then(
      () => true,
      () => false,
    );
    await fs.rename(this.temp, this.opts.dir);
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
    return manifest;
  }

  /** A component's output goes to its pane's file; a pane started again keeps its file. */
  private attach(c: Component, first: string, t: number): void {
    if (this.finished) return;
    let w = this.panes.get(c.name);
    if (!w) {
      const pane = {
        name: c.name,
        file: paneFile(c.name),
        width: c.spec.cols ?? 80,
        height: c.spec.rows ?? 24,
      };
      w = { pane, out: createWriteStream(path.join(this.temp, pane.file)), off: undefined, last: 0 };
      this.panes.set(c.name, w);
      w.out.write(
        encodeHeader({
          version: 2,
          width: pane.width,
          height: pane.height,
          timestamp: Math.floor(this.startedAt.getTime() / 1000),
          title: `${this.opts.chapter.meta.id} — ${c.name}`,
          env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
        }),
      );
      for (const m of this.markers) this.write(w, m.time, 'm', markerText(m));
    }
    w.off?.();
    if (first) this.write(w, t, 'o', first);
    const writer = w;
    w.off = c.onData((chunk) => this.write(writer, this.elapsed(), 'o', chunk));
  }

  private write(w: PaneWriter, time: number, code: 'o' | 'm', data: string): void {
    // One clock for every pane, but never backwards within a file.
    w.last = Math.max(w.last, time);
    w.out.write(encodeEvent({ time: w.last, code, data }));
  }

  private elapsed(): number {
    return Math.max(0, (this.now() - this.t0) / 1000);
  }

  private now(): number {
    return this.opts.clock ? this.opts.clock() : performance.now();
  }
}

/** The end of a pane's output, from a line start, so no escape sequence is cut in half. */
function backlog(raw: string): string {
  if (raw.length <= BACKLOG_CHARS) return raw;
  const tail = raw.slice(-BACKLOG_CHARS);
  const nl = tail.indexOf('\n');
  return nl >= 0 ? tail.slice(nl + 1) : tail;
}
