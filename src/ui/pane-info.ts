// What the chrome shows about a pane and about the chapters: plain data the
// app gathers for its store, and the few words each state is shown with.
import type { WorkshopProgress } from '../engine/progress.js';
import type { Workshop } from '../lesson/model.js';
import type { ComponentState } from '../terminal/types.js';

export interface PaneInfo {
  readonly name: string;
  /** 1 for the shell, 2… for the components (the focus-by-number keys). */
  readonly number: number;
  readonly state: ComponentState;
  readonly pid: number;
  /** Replaces the state and pid in the title (a recorded pane has neither). */
  readonly label?: string;
  /** In copy mode: how many lines back the view is. */
  readonly scrolledBack?: number;
}

export function stateLabel(state: ComponentState): string {
  switch (state.kind) {
    case 'starting':
      return '◌ starting';
    case 'ready':
      return '● running';
    case 'exited':
      return `■ exited (status ${state.code})`;
    case 'crashed':
      return `✗ crashed (${state.code !== null ? `status ${state.code}` : state.signal})`;
    case 'stopped':
      return '■ stopped';
  }
}

/** The state as one mark, for the tab bar. */
export const STATE_MARK: Record<ComponentState['kind'], string> = {
  starting: '◌',
  ready: '●',
  exited: '■',
  crashed: '✗',
  stopped: '■',
};

export interface ChapterRow {
  readonly id: string;
  readonly title: string;
  /** How far the learner got; a new kind of mark is a new value here and its look in ChapterList. */
  readonly mark: 'done' | 'started' | 'todo';
}

/** Each chapter with how far the learner got in it. */
export function chapterRows(workshop: Workshop, progress: WorkshopProgress | undefined): ChapterRow[] {
  return workshop.chapters.map((c) => {
    const p = progress?.chapters[c.meta.id];
    return {
      id: c.meta.id,
      title: c.meta.title,
      mark: p?.completed ? 'done' : p?.passed.length ? 'started' : 'todo',
    };
  });
}
