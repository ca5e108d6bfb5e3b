// The app's side of the router for tests that drive the real input router
// and the app's commands without a screen: what they need of the app by
// default (no geometry, a lesson of 40 lines, not presenter mode, no class),
// and what the test gives (the workshop, its controller, the UI state).
import type { AppContext } from '../../src/ui/app-commands.js';
import { ClassSeat } from '../../src/ui/class/class-seat.js';
import { makeTheme } from '../../src/ui/theme.js';

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
