// What the UI itself remembers (the engine's ControllerState is the rest):
// where the focus is, zoom, overlays, copy mode, a pending prefix. Named for
// what the learner sees; changed only through the small functions below.

export type Overlay =
  | { readonly kind: 'none' }
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'chapters'; readonly selected: number }
  | { readonly kind: 'confirm'; readonly question: string; readonly action: 'quit' | 'reset' }
  /** The current question's answer (or prediction) being typed, or one of its choices being picked. */
  | {
      readonly kind: 'answer';
      readonly awaiting: 'answer' | 'prediction';
      readonly text: string;
      readonly choices: readonly string[] | undefined;
      readonly picked: number;
    }
  /** A class's join line being typed (class/join-keys.ts). */
  | { readonly kind: 'join'; readonly text: string }
  /** Jumping rebuilds the cluster (and the workspace) at the chapter's start: asked first. */
  | {
      readonly kind: 'confirm';
      readonly question: string;
      readonly action: 'jump';
      readonly chapterIndex: number;
    };

export interface CopyMode {
  readonly pane: string;
  /** Absolute buffer line of the copy cursor. */
  readonly cursor: number;
  /** Where a line selection started, if one is under way. */
  readonly anchor: number | undefined;
  /** The search being typed, or the last one (for n and N). */
  readonly search: { readonly query: string; readonly typing: boolean } | undefined;
}

export interface UiState {
  /** "lesson" or a pane name. */
  readonly focus: string;
  /** The pane on view when only one fits (narrow layout), and the last pane focused. */
  readonly shown: string;
  readonly zoomed: boolean;
  /** The wire view shows every request (reads, lease renewals, events, demystify's own), not only writes and watches. */
  readonly wireAll: boolean;
  readonly overlay: Overlay;
  readonly copy: CopyMode | undefined;
  /** The prefix key was pressed; the next key is a command. */
  readonly prefix: boolean;
  /** First lesson line on view when the learner scrolled; undefined follows the current step. */
  readonly lessonTop: number | undefined;
  /** A sentence from the UI itself (copied, not found, no such key). */
  readonly message: string | undefined;
  readonly quitting: boolean;
}

export const NO_OVERLAY: Overlay = { kind: 'none' };

export function initialUi(): UiState {
  return {
    focus: 'lesson',
    shown: 'shell',
    zoomed: false,
    wireAll: false,
    overlay: NO_OVERLAY,
    copy: undefined,
    prefix: false,
    lessonTop: undefined,
    message: undefined,
    quitting: false,
  };
}

/** Moves the focus; leaving a pane leaves its copy mode, and a zoom does not follow the focus. */
export function focusOn(ui: UiState, target: string): UiState {
  if (target === ui.focus) return ui;
  return {
    ...ui,
    focus: target,
    shown: target === 'lesson' ? ui.shown : target,
    zoomed: false,
    copy: ui.copy && ui.copy.pane === target ? ui.copy : undefined,
  };
}

/** The next (or previous) focus target in order: the lesson, the shell, the components. */
export function cycleFocus(ui: UiState, order: readonly string[], step: 1 | -1): UiState {
  const i = order.indexOf(ui.focus);
  const next = order[(i + step + order.length) % order.length];
  return next === undefined ? ui : focusOn(ui, next);
}

/** Moves the focus off a pane that is gone. (`shown` may name a pane about to start: the layout falls back.) */
export function withPanes(ui: UiState, panes: readonly string[]): UiState {
  if (ui.focus === 'lesson' || panes.includes(ui.focus)) return ui;
  return { ...ui, focus: 'lesson', copy: undefined };
}
