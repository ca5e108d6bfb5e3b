// The words of the chrome: pane titles, the tab bar, the chapter list, the
// footer. Pure functions of state to styled strings, so the Ink components
// only place them and tests can read them.
import { stripVTControlCharacters } from 'node:util';
import type { WorkshopProgress } from '../engine/progress.js';
import type { Workshop } from '../lesson/model.js';
import type { ComponentState } from '../terminal/types.js';
import { footerHints, helpSections, PREFIX, type Context } from './key-bindings.js';
import { keyLabel } from './keys.js';
import { wrapWords } from './lesson-text.js';
import type { Theme } from './theme.js';

export interface PaneInfo {
  readonly name: string;
  /** 1 for the shell, 2… for the components (the focus-by-number keys). */
  readonly number: number;
  readonly state: ComponentState;
  readonly pid: number;
  /** Replaces the state and pid in the title (a recorded pane has neither). */
  readonly label?: string;
}

/** Visible width of a styled string, for padding (chrome text is narrow characters). */
export function visibleLength(s: string): number {
  return [...stripVTControlCharacters(s)].length;
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

export interface PaneTitleInput {
  readonly pane: PaneInfo;
  readonly width: number;
  readonly focused: boolean;
  readonly zoomed: boolean;
  /** E.g. "copy mode · line 40/1200" or "/search text". */
  readonly extra: string | undefined;
  readonly theme: Theme;
}

/** A pane's title row: number, name, state; the focused pane's in reverse colours. */
export function paneTitle(t: PaneTitleInput): string {
  const state =
    t.pane.label ??
    (t.pane.name === 'shell' ? 'your shell' : `${stateLabel(t.pane.state)} · pid ${t.pane.pid}`);
  const parts = [` ${t.pane.number} ${t.pane.name} `, ` ${state} `];
  if (t.zoomed) parts.push(' zoomed ');
  if (t.extra) parts.push(` ${t.extra} `);
  const text = parts.join('·');
  const fill = Math.max(0, t.width - visibleLength(text));
  if (t.focused) return t.theme.selected(text + ' '.repeat(fill));
  return t.theme.dim(`${text}${'─'.repeat(fill)}`);
}

/** The narrow layout's tab bar: every pane, the one on view highlighted. */
export function tabsLine(
  panes: readonly PaneInfo[],
  shown: string,
  focused: boolean,
  extra: string | undefined,
  width: number,
  theme: Theme,
): string {
  const marks: Record<ComponentState['kind'], string> = {
    starting: '◌',
    ready: '●',
    exited: '■',
    crashed: '✗',
    stopped: '■',
  };
  const tabs = panes.map((p) => {
    const label = ` ${p.number} ${p.name}${p.name === 'shell' ? '' : ` ${marks[p.state.kind]}`} `;
    if (p.name !== shown) return theme.dim(label);
    return focused ? theme.selected(label) : theme.inverse(label);
  });
  let line = tabs.join(theme.dim('│'));
  if (extra) line += ` ${theme.accent(extra)}`;
  const fill = Math.max(0, width - visibleLength(line));
  return line + theme.dim('─'.repeat(fill));
}

export interface ChapterRow {
  readonly id: string;
  readonly title: string;
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

/** Chapter list rows, `height` of them around `current`; `selected` is the picker's row. */
export function chapterLines(
  rows: readonly ChapterRow[],
  current: number,
  selected: number | undefined,
  width: number,
  height: number,
  theme: Theme,
): string[] {
  const first = Math.max(0, Math.min((selected ?? current) - Math.floor(height / 2), rows.length - height));
  return rows.slice(first, first + height).map((row, k) => {
    const i = first + k;
    const mark = row.mark === 'done' ? theme.ok('✓') : row.mark === 'started' ? theme.warn('…') : ' ';
    const here = i === current ? '▶' : ' ';
    const text = `${here}${String(i).padStart(2)} ${row.title}`;
    const plain = `${text}${' '.repeat(Math.max(0, width - 2 - [...text].length))}`;
    if (i === selected) return `${mark} ${theme.selected(plain)}`;
    return `${mark} ${i === current ? theme.accent(text) : text}`;
  });
}

/** Footer hints that fit in `width`, best first. */
export function footerLine(context: Context | 'pane' | 'prefix', width: number, theme: Theme): string {
  const prefix = keyLabel(PREFIX);
  let lead = '';
  let hints;
  if (context === 'pane') {
    lead = `${prefix} then: `;
    hints = footerHints('main', true);
  } else if (context === 'prefix') {
    lead = `${prefix} … `;
    hints = footerHints('main', true);
  } else hints = footerHints(context);
  let line = theme.accent(lead);
  let used = lead.length;
  for (const h of hints) {
    const piece = `${h.keys} ${h.label}`;
    const sep = used > lead.length ? '  ' : '';
    if (used + sep.length + piece.length > width - 1) break;
    line += `${sep}${theme.bold(h.keys)} ${theme.dim(h.label)}`;
    used += sep.length + piece.length;
  }
  return line;
}

/** The help overlay's lines, generated from the key-binding table. */
export function helpLines(theme: Theme, width: number): string[] {
  const p = keyLabel(PREFIX);
  const out: string[] = [theme.bold('demystify keys'), ''];
  const intro = [
    'Keys go to the focused pane as they are: vim, less, sudo prompts and Ctrl-C work there.',
    `${p} and then a key is a command from anywhere; ${p} ${p} sends one ${p} to the pane.`,
  ];
  for (const line of intro) out.push(...wrapWords(line, width - 1));
  out.push('');
  for (const section of helpSections()) {
    const withPrefix = section.rows.some((r) => r.prefixed);
    const keyW =
      Math.max(withPrefix ? 'lesson focused'.length : 0, ...section.rows.map((r) => r.keys.length)) + 2;
    const preW = withPrefix ? Math.max(...section.rows.map((r) => r.prefixed.length)) + 2 : 0;
    // Too narrow for three columns: the sentence goes under its keys.
    const below = 2 + keyW + preW + 30 > width;
    out.push(theme.accent(section.title));
    if (withPrefix) out.push(theme.dim(`  ${'lesson focused'.padEnd(keyW)}${'anywhere'.padEnd(preW)}`));
    for (const r of section.rows) {
      const keys = `  ${theme.bold(r.keys.padEnd(keyW))}${theme.bold(r.prefixed.padEnd(preW))}`;
      if (below) out.push(keys, ...wrapWords(r.help, width - 7).map((l) => `      ${l}`));
      else {
        const [first = '', ...rest] = wrapWords(r.help, width - 3 - keyW - preW);
        out.push(keys + first, ...rest.map((l) => ' '.repeat(2 + keyW + preW) + l));
      }
    }
    out.push('');
  }
  return out;
}
