// Routes every key: handlers in priority order, each returns true when it
// used the key (overlays, search typing, the prefix, copy mode, the focused
// pane, the lesson). Keys for a pane go through raw and in order, batched
// into one write; everything else is looked up in the key-binding table and
// done by that context's handler map (one entry per action).
import {
  dispatch,
  footerHints,
  keyFor,
  lookup,
  lookupPrefixed,
  PREFIX,
  type ActionOf,
  type Handlers,
} from './key-bindings.js';
import { controlByte, keyLabel, parseKeys, type Key } from './keys.js';
import { answerKey } from './answer-keys.js';
import type { ClassAction } from './class/class-seat.js';
import { joinKey } from './class/join-keys.js';
import { copyKey, searchKey } from './copy-keys.js';
import { enterCopy, type History } from './copy-mode.js';
import { neighbour, type Geometry } from './geometry.js';
import { cycleFocus, focusOn, NO_OVERLAY, type UiState } from './ui-state.js';

export type FlowAction = 'run' | 'next' | 'back' | 'hint' | 'reset';

export type Effect =
  | { readonly kind: 'flow'; readonly action: FlowAction }
  /** `reach`: bring the cluster to the chapter's start even when what it needs is running. */
  | {
      readonly kind: 'jump';
      readonly chapterIndex: number;
      readonly reach?: boolean;
      readonly confirmed?: boolean;
    }
  | { readonly kind: 'quit' }
  /** Presenter mode: typing speed, faster (-1) or slower (+1). */
  | { readonly kind: 'typing'; readonly step: 1 | -1 }
  | { readonly kind: 'clipboard'; readonly text: string }
  /** The current step's command to the clipboard. */
  | { readonly kind: 'copy-step' }
  /** Show or hide the wire view; `every`: show every request in it (or only writes and watches again), opening it. */
  | { readonly kind: 'wire'; readonly every?: boolean }
  /** An answer (or a prediction) for the current step, from the answer line. */
  | { readonly kind: 'say'; readonly awaiting: 'answer' | 'prediction'; readonly text: string }
  /** A class key: the hand, sharing the screen, leaving (class-seat.ts). */
  | { readonly kind: 'class'; readonly action: ClassAction }
  /** A class's join line, typed after the join key. */
  | { readonly kind: 'join'; readonly line: string };

/** What the router needs from the running app. */
export interface RouterHost {
  ui(): UiState;
  setUi(ui: UiState): void;
  /** Pane names, the shell first. */
  paneNames(): readonly string[];
  /** Where the focus targets are (the last frame's layout). */
  geometry(): Geometry;
  /** Stacked, with one pane on view. */
  narrow(): boolean;
  history(pane: string): History | undefined;
  /** Keys into a pane; false when its process is not running. */
  writeToPane(pane: string, data: string): boolean;
  /** The pane's program asked for bracketed paste. */
  pasteBracketed(pane: string): boolean;
  /** Components (not the shell) still running: quitting stops them, so it asks first. */
  runningComponents(): readonly string[];
  lessonScroll(): { readonly top: number; readonly height: number; readonly total: number };
  chapterCount(): number;
  /** How far the help can scroll before its last line reaches the bottom. */
  helpScrollMax(): number;
  /** The chapter on view: the picker opens on it. */
  currentChapter(): number;
  effect(e: Effect): void;
}

export class InputRouter {
  private pending = { pane: '', data: '' };
  /** Input that waits until copy mode has its history (see enterCopyMode); undefined when nothing waits. */
  private held: string[] | undefined;
  private readonly handlers: readonly ((key: Key) => boolean)[] = [
    (k) => this.whileQuitting(k),
    (k) => this.overlay(k),
    (k) => this.searchTyping(k),
    (k) => this.prefixed(k),
    (k) => this.prefixKey(k),
    (k) => this.copyMode(k),
    (k) => this.toPane(k),
    (k) => this.lesson(k),
  ];

  constructor(private readonly host: RouterHost) {}

  /** A chunk of raw terminal input. */
  feed(chunk: string): void {
    if (this.held) {
      this.held.push(chunk);
      return;
    }
    const keys = parseKeys(chunk);
    for (let i = 0; i < keys.length; i += 1) {
      for (const handle of this.handlers) if (handle(keys[i] as Key)) break;
      // A handler may have started a wait (TypeScript cannot see that through the call).
      const held = this.held as string[] | undefined;
      if (held) {
        // The keys after the one that started the wait follow once it is over.
        held.push(
          keys
            .slice(i + 1)
            .map((k) => k.raw)
            .join(''),
        );
        break;
      }
    }
    this.flush();
  }

  /** Runs `then` once `ready` settles; keys typed meanwhile are handled after it, in order. */
  private holdUntil(ready: Promise<void>, then: () => void): void {
    this.held = [];
    const resume = (): void => {
      then();
      const rest = (this.held ?? []).join('');
      this.held = undefined;
      if (rest) this.feed(rest);
    };
    void ready.then(resume, resume);
  }

  private get ui(): UiState {
    return this.host.ui();
  }

  private set(patch: Partial<UiState>): void {
    this.flush();
    this.host.setUi({ ...this.ui, ...patch });
  }

  private flush(): void {
    if (!this.pending.data) return;
    const { pane, data } = this.pending;
    this.pending = { pane: '', data: '' };
    if (!this.host.writeToPane(pane, data))
      this.host.setUi({ ...this.ui, message: `${pane} is not running: keys typed there go nowhere` });
  }

  private whileQuitting(_key: Key): boolean {
    return this.ui.quitting;
  }

  private overlay(key: Key): boolean {
    const o = this.ui.overlay;
    if (o.kind === 'none') return false;
    // An overlay takes every key; one it has no binding for does nothing.
    if (o.kind === 'answer') {
      const res = answerKey(o, key);
      this.set(res.patch);
      if (res.say !== undefined) this.host.effect({ kind: 'say', awaiting: o.awaiting, text: res.say });
    } else if (o.kind === 'join') {
      const res = joinKey(o, key);
      this.set(res.patch);
      if (res.line !== undefined) this.host.effect({ kind: 'join', line: res.line });
    } else if (o.kind === 'confirm') dispatch('confirm', key.name, this.confirmKeys);
    else if (o.kind === 'help') dispatch('help', key.name, this.helpKeys);
    else dispatch('chapters', key.name, this.chapterKeys);
    return true;
  }

  private readonly confirmKeys: Handlers<'confirm'> = {
    yes: () => {
      const o = this.ui.overlay;
      if (o.kind !== 'confirm') return;
      this.set({ overlay: NO_OVERLAY });
      this.host.effect(
        o.action === 'quit'
          ? { kind: 'quit' }
          : o.action === 'jump'
            ? { kind: 'jump', chapterIndex: o.chapterIndex, confirmed: true }
            : { kind: 'flow', action: 'reset' },
      );
    },
    no: () => this.set({ overlay: NO_OVERLAY, message: undefined }),
  };

  private helpScroll(delta: number): void {
    const o = this.ui.overlay;
    if (o.kind !== 'help') return;
    const scroll = Math.max(0, Math.min(this.host.helpScrollMax(), o.scroll + delta));
    this.set({ overlay: { kind: 'help', scroll } });
  }

  private readonly helpKeys: Handlers<'help'> = {
    close: () => this.set({ overlay: NO_OVERLAY }),
    'scroll-up': () => this.helpScroll(-3),
    'scroll-down': () => this.helpScroll(3),
  };

  private pick(delta: number): void {
    const o = this.ui.overlay;
    if (o.kind !== 'chapters') return;
    const selected = Math.max(0, Math.min(this.host.chapterCount() - 1, o.selected + delta));
    this.set({ overlay: { kind: 'chapters', selected } });
  }

  private readonly chapterKeys: Handlers<'chapters'> = {
    close: () => this.set({ overlay: NO_OVERLAY }),
    'scroll-up': () => this.pick(-1),
    'scroll-down': () => this.pick(1),
    choose: () => {
      const o = this.ui.overlay;
      if (o.kind !== 'chapters') return;
      this.set({ overlay: NO_OVERLAY, lessonTop: undefined });
      this.host.effect({ kind: 'jump', chapterIndex: o.selected });
    },
  };

  private searchTyping(key: Key): boolean {
    const c = this.ui.copy;
    if (!c?.search?.typing) return false;
    this.set(searchKey(c, key, this.host.history(c.pane)).patch);
    return true;
  }

  private prefixKey(key: Key): boolean {
    if (key.name !== PREFIX) return false;
    this.set({ prefix: true, message: undefined });
    return true;
  }

  private prefixed(key: Key): boolean {
    if (!this.ui.prefix) return false;
    this.set({ prefix: false });
    const binding = lookupPrefixed(key.name);
    if (!binding)
      this.set({
        message: `${keyLabel(PREFIX)} ${keyLabel(key.name)} does nothing: ${keyFor('main', 'help', { prefixed: true })} lists the keys`,
      });
    else this.mainKeys[binding.action](key);
    return true;
  }

  private copyMode(key: Key): boolean {
    const c = this.ui.copy;
    if (!c) return false;
    const res = copyKey(c, key, this.host.history(c.pane));
    this.set(res.patch);
    if (res.clipboard !== undefined) this.host.effect({ kind: 'clipboard', text: res.clipboard });
    return true;
  }

  private toPane(key: Key): boolean {
    const pane = this.ui.focus;
    if (pane === 'lesson') return false;
    let data = key.raw;
    if (key.name === 'paste' && !this.host.pasteBracketed(pane)) data = key.text ?? '';
    if (this.pending.pane !== pane) this.flush();
    this.pending = { pane, data: this.pending.data + data };
    if (this.ui.message) this.host.setUi({ ...this.ui, message: undefined });
    return true;
  }

  private lesson(key: Key): boolean {
    const main = lookup('main', key.name);
    if (main) this.mainKeys[main.action](key);
    else dispatch('lesson', key.name, this.lessonKeys);
    return true;
  }

  private flow(action: FlowAction): void {
    this.set({ lessonTop: undefined, message: undefined });
    this.host.effect({ kind: 'flow', action });
  }

  private readonly mainKeys: Handlers<'main', [Key]> = {
    run: () => this.flow('run'),
    next: () => this.flow('next'),
    back: () => this.flow('back'),
    hint: () => this.flow('hint'),
    reset: () =>
      this.set({
        overlay: {
          kind: 'confirm',
          question: 'Reset this chapter? Its progress is forgotten and it starts again.',
          action: 'reset',
        },
      }),
    quit: (key) => {
      const running = this.host.runningComponents();
      // A Ctrl-C may be a reflex aimed at a command: it always asks.
      if (running.length === 0 && key.name !== 'C-c') return this.host.effect({ kind: 'quit' });
      const stops = running.length ? ` This stops ${running.join(', ')}.` : '';
      this.set({
        overlay: { kind: 'confirm', question: `Quit?${stops} (Your progress is kept.)`, action: 'quit' },
      });
    },
    help: () => this.set({ overlay: { kind: 'help', scroll: 0 } }),
    chapters: () => this.set({ overlay: { kind: 'chapters', selected: this.host.currentChapter() } }),
    'focus-next': () => this.cycle(1),
    'focus-prev': () => this.cycle(-1),
    'focus-left': () => this.focusDirection('left'),
    'focus-right': () => this.focusDirection('right'),
    'focus-up': () => this.focusDirection('up'),
    'focus-down': () => this.focusDirection('down'),
    'focus-index': (key) => {
      const target = ['lesson', ...this.host.paneNames()][Number(key.name)];
      if (target) this.setFocus(target);
      else this.set({ message: `there is no pane ${key.name}` });
    },
    'type-faster': () => this.host.effect({ kind: 'typing', step: -1 }),
    'type-slower': () => this.host.effect({ kind: 'typing', step: 1 }),
    zoom: () => this.set({ zoomed: !this.ui.zoomed }),
    'copy-mode': () => this.enterCopyMode(),
    'copy-step': () => this.host.effect({ kind: 'copy-step' }),
    wire: () => this.host.effect({ kind: 'wire' }),
    'wire-all': () => this.host.effect({ kind: 'wire', every: true }),
    'class-hand': () => this.host.effect({ kind: 'class', action: 'hand' }),
    'class-share': () => this.host.effect({ kind: 'class', action: 'share' }),
    'class-leave': () => this.host.effect({ kind: 'class', action: 'leave' }),
    'class-join': () => this.set({ overlay: { kind: 'join', text: '' }, message: undefined }),
    'send-prefix': () => {
      if (this.ui.focus !== 'lesson') this.toPane({ name: PREFIX, raw: controlByte(PREFIX) ?? '' });
    },
  };

  private readonly lessonKeys: Handlers<'lesson'> = {
    'scroll-up': () => this.scrollLesson('scroll-up'),
    'scroll-down': () => this.scrollLesson('scroll-down'),
    'page-up': () => this.scrollLesson('page-up'),
    'page-down': () => this.scrollLesson('page-down'),
  };

  private cycle(step: 1 | -1): void {
    this.flush();
    const order = ['lesson', ...this.host.paneNames()];
    this.host.setUi({ ...cycleFocus(this.ui, order, step), message: undefined });
  }

  private setFocus(target: string): void {
    this.flush();
    this.host.setUi({ ...focusOn(this.ui, target), message: undefined });
  }

  private focusDirection(dir: 'left' | 'right' | 'up' | 'down'): void {
    const ui = this.ui;
    if (this.host.narrow() && !ui.zoomed) {
      // One pane on view: left and right go through the panes like tabs, up is the lesson.
      const panes = this.host.paneNames();
      if (dir === 'up') return this.setFocus('lesson');
      if (dir === 'down') return this.setFocus(ui.shown);
      const i = panes.indexOf(ui.focus === 'lesson' ? ui.shown : ui.focus);
      const next = panes[(i + (dir === 'right' ? 1 : -1) + panes.length) % panes.length];
      if (next) this.setFocus(next);
      return;
    }
    const target = neighbour(this.host.geometry(), ui.focus, dir);
    if (target) this.setFocus(target);
  }

  private enterCopyMode(): void {
    const pane = this.ui.focus === 'lesson' ? this.ui.shown : this.ui.focus;
    const h = this.host.history(pane);
    if (!h) return this.set({ message: 'there is no pane to scroll back' });
    this.flush();
    // The pane's whole history is read back first (PaneScreen.openHistory); keys wait meanwhile.
    this.holdUntil(h.openHistory(), () => {
      const ui = focusOn(this.ui, pane);
      this.host.setUi({
        ...ui,
        copy: enterCopy(pane, h),
        message: `copy mode: ${footerHints('copy')
          .map((hint) => `${hint.keys} ${hint.label}`)
          .join(', ')}`,
      });
    });
  }

  private scrollLesson(action: ActionOf<'lesson'>): void {
    const { top, height, total } = this.host.lessonScroll();
    const page = Math.max(1, height - 2);
    const delta = { 'scroll-up': -1, 'scroll-down': 1, 'page-up': -page, 'page-down': page }[action];
    this.set({ lessonTop: Math.max(0, Math.min(top + delta, total - height)) });
  }
}
