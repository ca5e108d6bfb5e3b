// The app's commands over a real controller with no screen: the parts of
// the running app the router's effects use, its UI state held here (no
// panes, a lesson 40 lines long, nothing written to a terminal).
import type { WorkshopController } from '../../src/engine/controller.js';
import type { Workshop } from '../../src/lesson/model.js';
import type { PaneRegistry } from '../../src/terminal/pane-registry.js';
import type { AppContext } from '../../src/ui/app-commands.js';
import type { Theme } from '../../src/ui/theme.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';

export function screenlessApp(
  workshop: Workshop,
  c: WorkshopController,
  theme: Theme,
): { readonly ctx: AppContext; ui(): UiState; setUi(ui: UiState): void } {
  let ui: UiState = initialUi();
  const ctx: AppContext = {
    workshop,
    controller: c,
    panes: { list: () => [], get: () => undefined } as unknown as PaneRegistry,
    theme,
    ui: () => ui,
    setUi: (next) => (ui = next),
    controllerState: () => c.state(),
    geometry: () => new Map(),
    narrow: () => false,
    lessonScroll: () => ({ top: 0, height: 40, total: 40 }),
    write: () => undefined,
    quit: () => undefined,
    presenter: false,
    changeTyping: () => undefined,
  };
  return { ctx, ui: () => ui, setUi: (next) => (ui = next) };
}
