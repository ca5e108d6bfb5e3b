// The panes in a frame: which screen goes in which rectangle (with copy-mode
// highlights), the size each pty and emulator gets, and where the terminal's
// cursor shows.
import type { Pane, PaneRegistry } from '../terminal/pane-registry.js';
import type { PaneView } from './compositor.js';
import { marksKey, rowMarks } from './copy-mode.js';
import type { Layout } from './layout.js';
import type { UiState } from './ui-state.js';

export function paneViews(layout: Layout, panes: PaneRegistry, ui: UiState): PaneView[] {
  const views: PaneView[] = [];
  for (const box of layout.panes) {
    const pane = panes.get(box.name);
    if (!pane) continue;
    const screen = pane.screen;
    const c = ui.copy;
    if (!c || c.pane !== pane.name) views.push({ name: pane.name, body: box.body, source: screen });
    else
      views.push({
        name: pane.name,
        body: box.body,
        source: screen,
        marks: (y) => rowMarks(c, screen, y),
        marksKey: marksKey(c, screen),
      });
  }
  return views;
}

/** Pty and emulator get the body's size; with one pane on view, the hidden ones get the same. */
export function sizePanes(layout: Layout, panes: PaneRegistry, ui: UiState): void {
  for (const box of layout.panes) panes.get(box.name)?.resize(box.body.w, box.body.h);
  const only = layout.mode === 'narrow' && !ui.zoomed ? layout.panes[0] : undefined;
  if (only) for (const p of panes.list()) p.resize(only.body.w, only.body.h);
}

export function focusedPane(panes: PaneRegistry, ui: UiState): Pane | undefined {
  return ui.focus === 'lesson' ? undefined : panes.get(ui.focus);
}

/** The focused pane's cursor on the screen, unless hidden, scrolled away, or under an overlay. */
export function paneCursor(
  layout: Layout,
  panes: PaneRegistry,
  ui: UiState,
): { x: number; y: number } | undefined {
  const pane = focusedPane(panes, ui);
  const box = layout.panes.find((b) => b.name === ui.focus);
  if (!pane || !box || ui.copy || ui.overlay.kind !== 'none') return undefined;
  const c = pane.screen.cursor();
  if (!c?.visible || c.x >= box.body.w || c.y >= box.body.h) return undefined;
  return { x: box.body.x + c.x, y: box.body.y + c.y };
}
