// Ink draws the chrome, into a sink the screen loop owns rather than into
// the terminal: in debug mode Ink hands over each whole frame the moment
// React commits it, and never clears the screen, throttles on a clock of its
// own, or reads a key. The compositor then writes to the terminal only the
// rows that changed, with the panes' rows over their rectangles, so there is
// one writer to the terminal and pane output never waits for React.
import { EventEmitter } from 'node:events';
import React, { Component, type ReactElement, type ReactNode } from 'react';
import { Box, render, type Instance } from 'ink';
import type { Geometry } from './geometry.js';
import { ScreenProviders, SlotRegistry, type ScreenSize } from './screen-context.js';
import type { Theme } from './theme.js';

/** Stands in for stdout: Ink reads the size from it and writes whole frames to it. */
class FrameSink extends EventEmitter {
  columns = 80;
  rows = 24;
  frame = '';
  writes = 0;
  write(text: string): boolean {
    this.frame = text;
    this.writes += 1;
    return true;
  }
}

/** Stands in for stdin: Ink must not put the terminal into raw mode or read keys (keys.ts does). */
class NoInput extends EventEmitter {
  readonly isTTY = false;
  setEncoding(): this {
    return this;
  }
  setRawMode(): this {
    return this;
  }
  read(): null {
    return null;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/**
 * A component that throws ends the app the way any bug does, with the error
 * (the terminal is put back by the cleanup every way out goes through), not
 * with Ink's error screen inside a frame that the UI then freezes on.
 */
class Failure extends Component<
  { readonly onError: (e: Error) => void; readonly children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(error: Error): void {
    this.props.onError(error);
  }
  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}

export class InkHost {
  private readonly sink = new FrameSink();
  private readonly slots = new SlotRegistry();
  private ink: Instance | undefined;
  private tree: ReactElement | undefined;
  private lines: string[] = [];
  private linesOf = '';
  private failed: Error | undefined;
  private readonly onError = (e: Error): void => void (this.failed ??= e);

  constructor(private readonly theme: Theme) {}

  /** Renders a screen's tree at a size (a new screen, or the terminal resized); later changes come through its store. */
  render(view: ReactElement, size: ScreenSize): void {
    this.sink.columns = size.cols;
    this.sink.rows = size.rows;
    // Boxes clip rows only (overflowY): text wraps to its box, so nothing is wider than it, and a
    // clip across would cost Ink a second pass over every character of the frame.
    const tree = (this.tree = (
      <Failure onError={this.onError}>
        <ScreenProviders size={size} theme={this.theme} slots={this.slots}>
          <Box width={size.cols} height={size.rows} flexDirection="column" overflowY="hidden">
            {view}
          </Box>
        </ScreenProviders>
      </Failure>
    ));
    if (this.ink) this.ink.rerender(tree);
    else this.mount(tree);
    this.check();
  }

  private mount(tree: ReactElement): void {
    this.ink = render(tree, {
      stdout: this.sink as unknown as NodeJS.WriteStream,
      stderr: this.sink as unknown as NodeJS.WriteStream,
      stdin: new NoInput() as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
  }

  /**
   * Renders what a store's change asked for, now. React runs an update from
   * outside its own events in a microtask; the frame must show it before the
   * compositor writes, so the same tree is rendered again synchronously (it
   * changes nothing but what was waiting).
   */
  flush(): void {
    if (this.ink && this.tree) this.ink.rerender(this.tree);
    this.check();
  }

  private check(): void {
    if (this.failed) throw this.failed;
  }

  /** The last frame, one string per screen row. */
  rows(): readonly string[] {
    if (this.linesOf !== this.sink.frame) {
      this.linesOf = this.sink.frame;
      this.lines = this.sink.frame.split('\n');
    }
    return this.lines;
  }

  /** The named boxes' rectangles in the last frame. */
  geometry(): Geometry {
    return this.slots.measure();
  }

  /** Frames Ink has drawn so far. */
  get frames(): number {
    return this.sink.writes;
  }

  dispose(): void {
    this.ink?.unmount();
    this.ink = undefined;
  }
}
