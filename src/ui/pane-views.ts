// The panes in a frame: which screen goes in which rectangle (the pane
// bodies as Ink laid them out), with copy-mode highlights; the size each
// pty and emulator gets; and where the terminal's cursor shows.
import type { Pane, PaneRegistry } from '../terminal/pane-registry.js';
import type { PaneView } from './compositor.js';
import { marksKey, rowMarks } from './copy-mode.js';
import type { Rect } from './geometry.js';
import type { UiState } from './ui-state.js';

export function paneViews(bodies: ReadonlyMap<string, Rect>, panes: PaneRegistry, ui: UiState): PaneView[] {
  const views: PaneView[] = [];
  for (const [name, body] of bodies) {
    const pane = panes.get(name);
    if (!pane) continue;
    const screen = pane.screen;
    const c = ui.copy;
    if (!c || c.pane !== pane.name) views.push({ name, body, source: screen });
    else
      views.push({
        name,
        body,
        source: screen,
        marks: (y) => rowMarks(c, screen, y),
        marksKey: marksKey(c, screen),
      });
  }
  return views;
}

/** Pty and emulator get the body's size; with one pane on view (stacked), the hidden ones get the same. */
export function sizePanes(bodies: ReadonlyMap<string, Rect>, panes: PaneRegistry, oneOnView: boolean): void {
  for (const [name, body] of bodies) if (body.w > 0 && body.h > 0) panes.get(name)?.resize(body.w, body.h);
  const only = oneOnView && bodies.size === 1 ? [...bodies.values()][0] : undefined;
  if (only && only.w > 0 && only.h > 0) for (const p of panes.list()) p.resize(only.w, only.h);
}

export function focusedPane(panes: PaneRegistry, ui: UiState): Pane | undefined {
  return ui.focus === 'lesson' ? undefined : panes.get(ui.focus);
}

/** The focused pane's cursor on the screen, unless hidden, scrolled away, or under an overlay. */
export function paneCursor(
  bodies: ReadonlyMap<string, Rect>,
  panes: PaneRegistry,
  ui: UiState,
): { x: number; y: number } | undefined {
  const pane = focusedPane(panes, ui);
  const body = bodies.get(ui.focus);
  if (!pane || !body || ui.copy || ui.overlay.kind !== 'none') return undefined;
  const c = pane.screen.cursor();
  if (!c?.visible || c.x >= body.w || c.y >= body.h) return undefined;
  return { x: body.x + c.x, y: body.y + c.y };
}
