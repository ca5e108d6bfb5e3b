// The app's side of the router for tests that drive the real input router
// and the app's commands without a screen: what they need of the app by
// default (no panes, no geometry, a lesson of 40 lines, not presenter mode,
// no class), and what the test gives (the workshop, its controller, the UI
// state). Nothing is written to a terminal.
import type { WorkshopController } from '../../src/engine/controller.js';
import type { Workshop } from '../../src/lesson/model.js';
import type { AppContext } from '../../src/ui/app-commands.js';
import { ClassSeat } from '../../src/ui/class/class-seat.js';
import { makeTheme, type Theme } from '../../src/ui/theme.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';

type Given = Pick<AppContext, 'workshop' | 'controller' | 'ui' | 'setUi' | 'controllerState'> &
  Partial<AppContext>;

export function appContext(given: Given): AppContext {
  return {
    panes: { list: () => [], get: () => undefined } as unknown as AppContext['panes'],
    theme: makeTheme(false),
    geometry: () => new Map(),
    narrow: () => false,
    lessonScroll: () => ({ top: 0, height: 40, total: 40 }),
    write: () => undefined,
    quit: () => undefined,
    presenter: false,
    changeTyping: () => undefined,
    classroom: new ClassSeat({ screen: undefined, publish: () => undefined }),
    ...given,
  };
}

/** The same over a controller, its UI state held here. */
export function screenlessApp(
  workshop: Workshop,
  c: WorkshopController,
  theme: Theme,
): { readonly ctx: AppContext; ui(): UiState; setUi(ui: UiState): void } {
  let ui: UiState = initialUi();
  const ctx = appContext({
    workshop,
    controller: c,
    theme,
    ui: () => ui,
    setUi: (next) => (ui = next),
    controllerState: () => c.state(),
  });
  return { ctx, ui: () => ui, setUi: (next) => (ui = next) };
}
