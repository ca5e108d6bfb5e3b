// One pane per component name, for the UI: each pty's output feeds a
// PaneScreen, and the pty and the screen are resized together. A component
// started again under the same name (the API server started wrong, then
// right) keeps its pane and its history.
import { PaneScreen, DEFAULT_SCROLLBACK } from './screen.js';
import type { Component, ComponentState, Supervisor } from './types.js';

export interface Pane {
  readonly name: string;
  readonly screen: PaneScreen;
  /** The component now shown in the pane (the newest start under this name). */
  component(): Component;
  state(): ComponentState;
  /** Keystrokes into the pane's pty. */
  write(data: string): void;
  /** Resizes the emulator and the pty together, so the program wraps where the pane does. */
  resize(cols: number, rows: number): void;
}

export interface PaneRegistryOptions {
  /** Size of a new pane until the layout gives it its own. */
  readonly cols?: number;
  readonly rows?: number;
  readonly scrollback?: number;
}

/** Shown in a pane's history where a component was started again. */
const RESTARTED = '\r\n\x1b[0;2m── started again ──\x1b[0m\r\n';

class ComponentPane implements Pane {
  readonly screen: PaneScreen;
  private current: Component;
  private offData: () => void = () => undefined;
  private offState: () => void = () => undefined;
  private ptySize = '';

  constructor(
    component: Component,
    opts: PaneRegistryOptions,
    private readonly onStateChange: () => void,
  ) {
    this.current = component;
    this.screen = new PaneScreen({
      cols: opts.cols ?? 80,
      rows: opts.rows ?? 24,
      scrollback: opts.scrollback ?? DEFAULT_SCROLLBACK,
      reply: (d) => this.current.write(d),
    });
    // Output printed before the pane existed (the shell's first prompt) is replayed first.
    this.screen.write(component.rawOutput());
    this.subscribe();
  }

  get name(): string {
    return this.current.name;
  }

  component(): Component {
    return this.current;
  }

  state(): ComponentState {
    return this.current.state();
  }

  write(data: string): void {
    this.current.write(data);
  }

  resize(cols: number, rows: number): void {
    this.screen.resize(cols, rows);
    const size = `${this.screen.cols}x${this.screen.rows}`;
    // The pty learns a size once (each resize is a SIGWINCH and a redraw for the program).
    if (size === this.ptySize) return;
    this.ptySize = size;
    this.current.resize(this.screen.cols, this.screen.rows);
  }

  replace(component: Component): void {
    this.unsubscribe();
    this.current = component;
    // A soft reset (DECSTR) undoes modes the previous run may have left, e.g. a hidden cursor.
    this.screen.write(`\x1b[!p${RESTARTED}`);
    this.screen.write(component.rawOutput());
    this.subscribe();
    this.ptySize = '';
    this.resize(this.screen.cols, this.screen.rows);
  }

  dispose(): void {
    this.unsubscribe();
    this.screen.dispose();
  }

  private subscribe(): void {
    this.offData = this.current.onData((chunk) => this.screen.write(chunk));
    this.offState = this.current.onState(() => this.onStateChange());
  }

  private unsubscribe(): void {
    this.offData();
    this.offState();
  }
}

export class PaneRegistry {
  private readonly panes = new Map<string, ComponentPane>();
  private readonly listeners = new Set<() => void>();
  private readonly offStart: () => void;

  constructor(
    supervisor: Supervisor,
    private readonly opts: PaneRegistryOptions = {},
  ) {
    for (const c of supervisor.list()) this.add(c);
    this.offStart = supervisor.onStart((c) => {
      this.add(c);
      this.changed();
    });
  }

  /** The learner's shell first, then the components in the order they were first started. */
  list(): Pane[] {
    const all = [...this.panes.values()];
    return [...all.filter((p) => p.name === 'shell'), ...all.filter((p) => p.name !== 'shell')];
  }

  get(name: string): Pane | undefined {
    return this.panes.get(name);
  }

  /** A pane was added, or a component's state changed (not the screen's content: see PaneScreen.onChange). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.offStart();
    for (const p of this.panes.values()) p.dispose();
    this.panes.clear();
    this.listeners.clear();
  }

  private add(component: Component): void {
    const existing = this.panes.get(component.name);
    if (existing) existing.replace(component);
    else this.panes.set(component.name, new ComponentPane(component, this.opts, () => this.changed()));
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
