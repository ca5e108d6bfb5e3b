// Ink as a layout engine for the chrome: it renders into a sink instead of
// the terminal (debug mode writes each whole frame, as ink-testing-library
// relies on), and the compositor decides what reaches the terminal. So Ink
// never clears the screen, never throttles on its own clock, and never sees
// a key: the one frame clock asks for a chrome frame only when it changed.
import { EventEmitter } from 'node:events';
import React from 'react';
import { render, type Instance } from 'ink';
import { Chrome, type ChromeModel } from './Chrome.js';
import { stripColour } from './theme.js';

/** Stands in for stdout: Ink reads the size from it and writes frames to it. */
class FrameSink extends EventEmitter {
  columns = 80;
  rows = 24;
  frame = '';
  write(text: string): boolean {
    this.frame = text;
    return true;
  }
}

/** Stands in for stdin: Ink must not put the real terminal into raw mode or read keys. */
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

export class ChromeRenderer {
  private readonly sink = new FrameSink();
  private ink: Instance | undefined;

  constructor(private readonly color: boolean) {}

  /** Renders the chrome; returns one string per screen row. */
  render(model: ChromeModel): string[] {
    this.sink.columns = model.layout.cols;
    this.sink.rows = model.layout.rows;
    const tree = <Chrome model={model} />;
    if (!this.ink) {
      this.ink = render(tree, {
        stdout: this.sink as unknown as NodeJS.WriteStream,
        stderr: this.sink as unknown as NodeJS.WriteStream,
        stdin: new NoInput() as unknown as NodeJS.ReadStream,
        debug: true,
        exitOnCtrlC: false,
        patchConsole: false,
      });
    } else this.ink.rerender(tree);
    // Ink colours with chalk, which decides on its own whether colour is wanted.
    const frame = this.color ? this.sink.frame : stripColour(this.sink.frame);
    return frame.split('\n');
  }

  dispose(): void {
    this.ink?.unmount();
    this.ink = undefined;
  }
}
