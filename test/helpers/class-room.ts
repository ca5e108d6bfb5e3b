// What the class tests share: one class identity per test file (a key is
// generated once), a server on loopback, a stand-in for the workshop
// controller that a test moves step by step, and waiting for the board to
// show something (on the server's change events, with a generous ceiling:
// a result never depends on how fast the machine is).
import { afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { newIdentity, type ClassIdentity } from '../../src/class/class-identity.js';
import { fingerprintOfPem } from '../../src/class/class-identity.js';
import type { Clock } from '../../src/class/clock.js';
import type { JoinLine } from '../../src/class/join-line.js';
import type { ControllerLike } from '../../src/class/learner.js';
import { ClassServer, type ClassServerOptions } from '../../src/class/server.js';
import type { ControllerState } from '../../src/engine/controller.js';
import { restingState } from '../../src/engine/resting-state.js';
import { reduce, type EngineEvent } from '../../src/engine/step-status.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';

let identity: Promise<ClassIdentity> | undefined;
export function classIdentity(): Promise<ClassIdentity> {
  identity ??= newIdentity();
  return identity;
}

export async function startClass(
  opts: Partial<ClassServerOptions> & { clock?: Clock } = {},
): Promise<{ server: ClassServer; join: JoinLine }> {
  const id = opts.identity ?? (await classIdentity());
  const server = await ClassServer.start({
    identity: id,
    host: '127.0.0.1',
    port: 0,
    title: 'test class',
    ...opts,
  });
  return {
    server,
    join: { host: '127.0.0.1', port: server.port, code: id.code, fingerprint: fingerprintOfPem(id.certPem) },
  };
}

/** Resolves once `ok()` holds, looked at on every change of the server (and now). */
export function until(server: ClassServer, ok: () => boolean, what: string, ms = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!ok()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`never happened: ${what}`));
    }, ms);
    const cleanup = (): void => {
      clearTimeout(timer);
      server.off('change', check);
    };
    server.on('change', check);
    check();
  });
}

/** A workshop controller's state that the test moves with engine events. */
export class StubController implements ControllerLike {
  private s: ControllerState;
  private readonly listeners = new Set<(s: ControllerState) => void>();

  constructor(
    private readonly workshop: Workshop,
    chapterIndex = 0,
  ) {
    this.s = restingState(workshop.chapters[chapterIndex]!, chapterIndex);
  }

  state(): ControllerState {
    return this.s;
  }

  subscribe(listener: (s: ControllerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(event: EngineEvent): void {
    const run = reduce(this.s.run, event);
    this.set({ run, current: this.s.chapter.steps[run.cursor] });
  }

  hint(): void {
    this.set({ hintsShown: this.s.hintsShown + 1 });
  }

  private set(change: Partial<ControllerState>): void {
    this.s = { ...this.s, ...change };
    for (const l of this.listeners) l(this.s);
  }
}

/** A raw WebSocket to the class, for what a well-behaved client never sends. */
export function rawSocket(join: JoinLine): Promise<WebSocket> {
  const ws = new WebSocket(`wss://127.0.0.1:${join.port}/class`, { rejectUnauthorized: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The next text message a raw socket gets, parsed. */
export function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>)),
  );
}

export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve(-1);
    ws.once('close', (code) => resolve(code));
  });
}

/**
 * What a class test file sets up: the fixture workshop and the class
 * identity once, and everything a test opened closed after it, newest first.
 */
export function classTestFile(): { workshop: () => Workshop; open: { close(): Promise<unknown> }[] } {
  let workshop: Workshop | undefined;
  const open: { close(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    workshop = (await loadWorkshop('test/fixtures/workshop-basic')).workshop;
    await classIdentity();
  });
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });
  return { workshop: () => workshop!, open };
}
