// Starts the built CLI and waits for a line of its output: the moment a host
// test signals it (a crash, a Ctrl-C) is a point in the workshop the output
// names, never a time.
import { execa, type ResultPromise } from 'execa';

export interface Running {
  readonly run: ResultPromise<{ all: true; reject: false }>;
  /** Everything it printed so far. */
  readonly log: () => string;
}

/**
 * `node dist/cli.js ...args`, resolved once `until` matches its output so far;
 * rejected if it ends first, or after `ms` (with what it printed).
 */
export async function runUntil(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  until: RegExp,
  ms: number,
): Promise<Running> {
  const run = execa('node', ['dist/cli.js', ...args], {
    env,
    reject: false,
    all: true,
    // A signal the test sends comes alone: execa would add a SIGKILL after 5 s,
    // sooner than a loaded machine's teardown ends.
    forceKillAfterDelay: false,
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      run.kill('SIGKILL');
      reject(new Error(`no ${until} within ${ms / 1000} s of demystify ${args.join(' ')}:\n${log}`));
    }, ms);
    run.all.on('data', (d: Buffer) => {
      log += d.toString();
      if (until.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void run.then(() => {
      clearTimeout(timer);
      reject(new Error(`demystify ${args.join(' ')} ended before ${until}:\n${log}`));
    });
  });
  return { run, log: () => log };
}
