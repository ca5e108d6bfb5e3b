// `demystify --join <line> --watch`: follow the instructor's presenter
// screen live in this terminal (a window of its own, next to the workshop).
import { PresenterWatch } from '../class/watch.js';
import { EXIT } from './cli-error.js';
import type { JoinRequest } from './join-class.js';

export async function watchCommand(request: JoinRequest): Promise<number> {
  const { processTerminal } = await import('../ui/terminal-io.js');
  const { runWatch } = await import('../ui/class/watch-app.js');
  const terminal = processTerminal();
  const watch = new PresenterWatch(request.join);
  terminal.enter();
  const leave = (): void => terminal.leave();
  process.once('exit', leave);
  try {
    await runWatch(watch, `${request.join.host}:${request.join.port}`, terminal, process.stdout);
  } finally {
    await watch.close();
    terminal.leave();
    process.off('exit', leave);
  }
  return EXIT.ok;
}
