// `demystify class`: the instructor's side of a class. Starts the class
// server (the certificate, code and presenter token kept in the state folder,
// so a restart keeps the join line), prints the one join line, and shows the
// board on a terminal; without one, a line per change of a learner's row.
import os from 'node:os';
import { fingerprintOfPem, loadOrCreateIdentity, markRunning } from '../class/class-identity.js';
import { DEFAULT_STUCK_MS, boardRow, shortDuration } from '../class/board-view.js';
import { formatJoinLine } from '../class/join-line.js';
import { ClassServer } from '../class/server.js';
import { CliError, EXIT } from './cli-error.js';
import type { Resolved } from './options.js';

export const DEFAULT_PORT = 7443;

export interface ClassOptions {
  readonly listen: string;
  readonly port: number;
  /** The address the join line names (default: this machine's first address on a network). */
  readonly address: string | undefined;
  readonly fresh: boolean;
  readonly stuckMinutes: number | undefined;
  readonly title: string | undefined;
}

/** The address learners reach us at: the one asked for, the listen address, or the first non-loopback IPv4. */
export function reachableAddress(listen: string, given: string | undefined): string {
  if (given) return given;
  if (listen !== '0.0.0.0' && listen !== '::') return listen;
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

export async function classCommand(
  r: Resolved,
  o: ClassOptions,
  write: (s: string) => void,
): Promise<number> {
  const { identity, created } = await loadOrCreateIdentity(r.stateDir, { fresh: o.fresh });
  const title = o.title ?? `${os.userInfo().username}’s class on ${os.hostname()}`;
  let server: ClassServer;
  try {
    server = await ClassServer.start({ identity, host: o.listen, port: o.port, title });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new CliError(
        `port ${o.port} is taken on ${o.listen} (another class running?): pick another with --port`,
      );
    if (code === 'EADDRNOTAVAIL')
      throw new CliError(`${o.listen} is not an address of this machine (--listen)`);
    throw e;
  }
  const joinLine = formatJoinLine({
    host: reachableAddress(o.listen, o.address),
    port: server.port,
    code: identity.code,
    fingerprint: fingerprintOfPem(identity.certPem),
  });
  write(
    `${created ? 'A new class' : 'The class'} is open. Learners join with:\n\n  demystify --join ${joinLine}\n`,
  );
  const stuckMs = o.stuckMinutes !== undefined ? o.stuckMinutes * 60_000 : DEFAULT_STUCK_MS;
  // `demystify present` in this state folder finds the class here and streams its screen to it.
  const local = o.listen === '0.0.0.0' ? '127.0.0.1' : o.listen === '::' ? '::1' : o.listen;
  const unmark = await markRunning(r.stateDir, { host: local, port: server.port });
  process.once('exit', unmark);
  try {
    if (process.stdin.isTTY && process.stdout.isTTY && !process.env.CI)
      await board(server, joinLine, stuckMs, r.color);
    else await headless(server, stuckMs, write);
  } finally {
    unmark();
    process.off('exit', unmark);
    await server.close();
  }
  return EXIT.ok;
}

async function board(server: ClassServer, joinLine: string, stuckMs: number, color: boolean): Promise<void> {
  const { processTerminal } = await import('../ui/terminal-io.js');
  const { BoardApp } = await import('../ui/class/board-app.js');
  const terminal = processTerminal();
  terminal.enter();
  const leave = (): void => terminal.leave();
  process.once('exit', leave);
  try {
    await new BoardApp({ server, joinLine, terminal, stdout: process.stdout, stuckMs, color }).run();
  } finally {
    terminal.leave();
    process.off('exit', leave);
  }
}

/** No terminal: a line whenever a learner's row changes, until SIGINT or SIGTERM. */
async function headless(server: ClassServer, stuckMs: number, write: (s: string) => void): Promise<void> {
  const last = new Map<string, string>();
  const onChange = (): void => {
    const now = Date.now();
    for (const r of server.roster.all()) {
      const b = boardRow(r, now, stuckMs);
      const line = `${b.name}: ${b.chapter || '(joined)'} · ${b.step} · ${b.away ? 'away · ' : ''}${b.state}${b.hand ? ' · hand up' : ''}${b.sharing ? ' · sharing' : ''}${b.reason ? ` · ${b.reason}` : ''}`;
      if (last.get(b.key) === line) continue;
      last.set(b.key, line);
      write(`${new Date(now).toISOString().slice(11, 19)} ${line} (${shortDuration(b.onStepMs)} on step)`);
    }
  };
  server.on('change', onChange);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  server.off('change', onChange);
}
