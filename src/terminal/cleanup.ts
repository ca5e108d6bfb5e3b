// No component outlives demystify, however it ends: quit, Ctrl-C, kill, a
// closed terminal (SIGHUP), or a bug (uncaught exception, unhandled
// rejection). Signal handlers and exception handlers may be cut short, so
// every path first signals all components synchronously and only then waits;
// process 'exit' is the last resort and SIGKILLs whatever is still there.
// (A SIGKILL of demystify itself runs none of this: reapStale() at the next
// start handles that.)
import type { Supervisor } from './types.js';

export type ExitReason =
  | { readonly kind: 'quit'; readonly code: number }
  | { readonly kind: 'signal'; readonly signal: HandledSignal }
  | { readonly kind: 'error'; readonly error: unknown };

type HandledSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The shell convention: 128 + the signal number. */
const SIGNAL_EXIT_CODES: Record<HandledSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface CleanupOptions {
  /** Between the stop signal and SIGKILL on the signal and error paths: the user is leaving. Default 3 s. */
  readonly graceMs?: number;
  /** Runs first on every path, e.g. to leave raw mode and show the cursor again. Must be synchronous. */
  readonly beforeExit?: (reason: ExitReason) => void;
  /** How an uncaught error is reported; default: its stack on stderr. */
  readonly report?: (error: unknown) => void;
  /** Runs after every component stopped, before exiting (e.g. tearing down host state they left). Bounded by the same cap. */
  readonly afterStop?: () => Promise<void>;
  /** Replaces process.exit (tests). */
  readonly exit?: (code: number) => void;
}

export interface Cleanup {
  /** The normal way out: stop every component (supervisor's grace), then exit with `code`. */
  quit(code?: number): Promise<void>;
  /** Removes every handler this installed. */
  uninstall(): void;
}

export function installCleanup(supervisor: Supervisor, options: CleanupOptions = {}): Cleanup {
  const graceMs = options.graceMs ?? 3_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const report = options.report ?? defaultReport;
  let leaving = false;

  const leave = (reason: ExitReason, code: number, grace: number | undefined): Promise<void> => {
    leaving = true;
    safely(() => options.beforeExit?.(reason));
    if (reason.kind === 'error') safely(() => report(reason.error));
    let stopping: Promise<unknown>;
    if (reason.kind === 'quit') stopping = supervisor.stopAll(grace);
    else {
      safely(() => supervisor.signalAll('SIGTERM'));
      // All at once: everything already has its SIGTERM, so the grace runs out once, not once per component.
      stopping = Promise.all(supervisor.list().map((component) => component.stop(grace)));
    }
    // stop() is bounded, but if anything hangs, leave anyway: 'exit' SIGKILLs what it can.
    const cap = setTimeout(() => exit(code), (grace ?? 5_000) + 10_000);
    return stopping
      .catch((error: unknown) => safely(() => report(error)))
      .then(() => options.afterStop?.())
      .catch((error: unknown) => safely(() => report(error)))
      .then(() => {
        clearTimeout(cap);
        exit(code);
      });
  };

  const onSignal = (signal: HandledSignal): void => {
    if (leaving) {
      // A second Ctrl-C: the user does not want to wait.
      safely(() => supervisor.signalAll('SIGKILL'));
      exit(SIGNAL_EXIT_CODES[signal]);
      return;
    }
    void leave({ kind: 'signal', signal }, SIGNAL_EXIT_CODES[signal], graceMs);
  };
  const onError = (error: unknown): void => {
    // While leaving, errors are expected (writing to a closed terminal gives EIO); they must not stop the cleanup.
    if (leaving) return;
    void leave({ kind: 'error', error }, 1, graceMs);
  };
  const onExit = (): void => safely(() => supervisor.signalAll('SIGKILL'));

  const signalHandlers = (Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]).map(
    (signal) => [signal, () => onSignal(signal)] as const,
  );
  for (const [signal, handler] of signalHandlers) process.on(signal, handler);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.on('exit', onExit);

  return {
    quit: (code = 0) => (leaving ? Promise.resolve() : leave({ kind: 'quit', code }, code, undefined)),
    uninstall: () => {
      for (const [signal, handler] of signalHandlers) process.off(signal, handler);
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      process.off('exit', onExit);
    },
  };
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // An exit path must go on whatever one step does.
  }
}

function defaultReport(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`demystify: unexpected error\n${text}\n`);
}
