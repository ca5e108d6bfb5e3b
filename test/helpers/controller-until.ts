// Waits for the UI controller to reach a state (now or later), for the
// tests that drive a WorkshopController: a state, never a time, is awaited;
// the bound only turns a hang into a failure that shows the last state.
import type { ControllerState, WorkshopController } from '../../src/engine/controller.js';

export function until(
  c: WorkshopController,
  ok: (s: ControllerState) => boolean,
  ms = 20_000,
): Promise<ControllerState> {
  return new Promise((resolve, reject) => {
    if (ok(c.state())) return resolve(c.state());
    const timer = setTimeout(() => {
      off();
      const { run, current, notice } = c.state();
      reject(
        new Error(
          `timed out; last state: ${JSON.stringify({ steps: run.steps, current: current?.id, notice })}`,
        ),
      );
    }, ms);
    const off = c.subscribe((s) => {
      if (!ok(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
