// A screen shared by someone else, as we show it: their terminal bytes fed
// into our own headless emulator at their size, so the view is what their
// terminal shows, cut to the room we give it, and nothing they send can
// reach our real terminal as an escape sequence. Chunks may split a UTF-8
// character: a decoder joins them again.
import { StringDecoder } from 'node:string_decoder';
import { PaneScreen } from '../terminal/screen.js';
import type { ScreenSize } from './screen-relay.js';

export class RemoteScreen {
  private decoder = new StringDecoder('utf8');
  private screen: PaneScreen | undefined;
  private readonly listeners = new Set<() => void>();
  /** Bytes received, and when the last chunk came (the bench reads it). */
  bytes = 0;

  get size(): ScreenSize | undefined {
    return this.screen ? { cols: this.screen.cols, rows: this.screen.rows } : undefined;
  }

  /** The emulator while the screen is shared; undefined while it is not. */
  get view(): PaneScreen | undefined {
    return this.screen;
  }

  resize(size: ScreenSize | undefined): void {
    if (!size) {
      this.screen?.dispose();
      this.screen = undefined;
    } else if (!this.screen) {
      this.screen = new PaneScreen({ cols: size.cols, rows: size.rows, scrollback: 200 });
      this.screen.onChange(() => this.changed());
      this.decoder = new StringDecoder('utf8');
    } else if (size.cols !== this.screen.cols || size.rows !== this.screen.rows)
      this.screen.resize(size.cols, size.rows);
    this.changed();
  }

  data(chunk: Buffer): void {
    this.bytes += chunk.length;
    const text = this.decoder.write(chunk);
    if (text) this.screen?.write(text);
  }

  /** The screen as plain text rows (tests, and the e2e's look at what the instructor sees). */
  async text(): Promise<string[]> {
    const s = this.screen;
    if (!s) return [];
    await s.flush();
    return Array.from({ length: s.rows }, (_, y) =>
      s
        .renderRow(y, s.cols)
        .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        .trimEnd(),
    );
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.resize(undefined);
    this.listeners.clear();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
