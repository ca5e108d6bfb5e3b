// Sharing a screen over a class connection (a learner's, or the presenter's):
// the terminal bytes the screen loop writes, as they are written, and the
// whole screen again whenever the server asks (someone started watching, or
// a viewer fell behind) or our own output had to be skipped. Read-only by
// construction: nothing comes back from the viewer but a keyframe request.
import type { ClassConnection } from './client.js';

/** A screen as the UI taps it (src/ui wires the screen loop's writes into it). */
export interface ScreenSource {
  readonly cols: number;
  readonly rows: number;
  onData(listener: (chunk: string) => void): () => void;
  onResize(listener: () => void): () => void;
  /** Draws the whole screen again, through onData. */
  keyframe(): void;
}

export class ScreenShare {
  private readonly offs: (() => void)[];
  private skipped = false;
  /** Bytes sent and chunks, for the bench and the status line. */
  bytes = 0;

  constructor(
    private readonly conn: ClassConnection,
    private readonly source: ScreenSource,
  ) {
    this.offs = [source.onData((chunk) => this.data(chunk)), source.onResize(() => this.announce())];
    this.announce();
  }

  /** Called after every welcome (a reconnect): the server knows nothing of it yet. */
  announce(): void {
    const { cols, rows } = this.source;
    if (this.conn.send({ type: 'share', on: true, cols, rows })) this.source.keyframe();
  }

  /** The server asked for the whole screen. */
  keyframe(): void {
    this.skipped = false;
    this.source.keyframe();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.conn.send({ type: 'share', on: false, cols: 0, rows: 0 });
  }

  private data(chunk: string): void {
    if (!this.conn.connected) return;
    const buf = Buffer.from(chunk, 'utf8');
    if (this.conn.sendBinary(buf)) {
      this.bytes += buf.length;
      // What was skipped is lost to the viewer: once the way is clear, the whole screen once.
      if (this.skipped) this.keyframe();
    } else this.skipped = true;
  }
}
