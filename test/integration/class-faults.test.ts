// The class server and its learners on loopback, with faults and bad input:
// a restarted server gets every learner back with current state, a laptop
// that sleeps shows away after a minute (the server's clock is moved, no test
// waits on it) and comes back, and a wrong code, a wrong fingerprint, a
// malformed, oversized or flooding learner is refused or dropped with a
// count, while every other row stays exactly as it was.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ClassConnection } from '../../src/class/client.js';
import type { JoinLine } from '../../src/class/join-line.js';
import { boardRow } from '../../src/class/board-view.js';
import { ClassLearner } from '../../src/class/learner.js';
import { LIMITS, PROTOCOL_VERSION } from '../../src/class/protocol.js';
import type { ClassServer } from '../../src/class/server.js';
import {
  closed,
  classTestFile,
  nextMessage,
  rawSocket,
  startClass,
  StubController,
  until,
} from '../helpers/class-room.js';
import { FakeClock } from '../helpers/fake-clock.js';

const { workshop: fixture, open } = classTestFile();

function learner(join: JoinLine, name: string, n: number): { l: ClassLearner; c: StubController } {
  const c = new StubController(fixture());
  const l = new ClassLearner({
    join,
    name,
    id: `learner-${n}-${'x'.repeat(24)}`,
    controller: c,
    chapterCount: fixture().chapters.length,
  });
  open.push({ close: () => l.leave() });
  return { l, c };
}

const rowOf = (server: ClassServer, name: string) => server.roster.all().find((r) => r.name === name);
const connectedCount = (server: ClassServer): number => server.roster.all().filter((r) => r.connected).length;

describe('the class server restarts', () => {
  it('has every learner back with their current state, and the same rows', async () => {
    const first = await startClass();
    const join = first.join;
    const learners = [0, 1, 2].map((i) => learner(join, `L${i}`, i));
    learners[1]!.c.fire({
      type: 'failed',
      stepId: learners[1]!.c.state().current!.id,
      reason: 'exit status 1\nmore',
      ms: 5,
    });
    learners[2]!.l.raiseHand(true);
    await until(
      first.server,
      () =>
        connectedCount(first.server) === 3 &&
        rowOf(first.server, 'L1')?.progress?.state === 'failed' &&
        rowOf(first.server, 'L2')?.handSince !== undefined,
      'three learners on the board',
    );
    await first.server.close();
    // While the server is down the workshop goes on: a learner moves, and the new state must arrive once it is back.
    learners[0]!.c.fire({ type: 'moved', cursor: 2 });
    const second = await startClass({ port: join.port });
    open.push(second.server);
    await until(
      second.server,
      () =>
        connectedCount(second.server) === 3 &&
        rowOf(second.server, 'L0')?.progress?.step?.index === 2 &&
        rowOf(second.server, 'L1')?.progress !== undefined &&
        rowOf(second.server, 'L2')?.handSince !== undefined,
      'three learners back',
    );
    expect(rowOf(second.server, 'L1')?.progress?.reason).toBe('exit status 1');
    expect(learners.every(({ l }) => l.status().connection.kind === 'connected')).toBe(true);
  });
});

describe('a laptop that sleeps', () => {
  it('shows away once a minute passes without a word, and is back when it wakes', async () => {
    const clock = new FakeClock();
    const { server, join } = await startClass({ clock, heartbeatMs: 15_000 });
    open.push(server);
    // A client that stops answering pings, as a sleeping laptop does.
    const ws = new WebSocket(`wss://127.0.0.1:${join.port}/class`, {
      rejectUnauthorized: false,
      autoPong: false,
    });
    await new Promise((r) => ws.once('open', r));
    const id = 'sleeper-' + 'z'.repeat(24);
    // A learner's hello, by hand: the same id each time the laptop wakes.
    const sayHello = (socket: WebSocket): void =>
      socket.send(
        JSON.stringify({
          type: 'hello',
          v: PROTOCOL_VERSION,
          role: 'learner',
          code: join.code,
          id,
          name: 'Sleepy',
        }),
      );
    sayHello(ws);
    await until(server, () => rowOf(server, 'Sleepy') !== undefined, 'the sleeper joined');
    const row = (): ReturnType<typeof boardRow> => boardRow(rowOf(server, 'Sleepy')!, clock.now(), 300_000);
    clock.advance(59_000);
    expect(row().away).toBe(false);
    clock.advance(1_000);
    expect(row().away).toBe(true);
    // The server gave up on the silent connection (two pings unanswered).
    await closed(ws);
    // It wakes: connects again with the same id, and the row is the same one, no longer away.
    const again = await rawSocket(join);
    open.push({ close: async () => again.terminate() });
    sayHello(again);
    expect(await nextMessage(again)).toMatchObject({ type: 'welcome' });
    expect(row().away).toBe(false);
    expect(server.roster.all()).toHaveLength(1);
  });
});

describe('bad input', () => {
  it('refuses a wrong code with a sentence, and an address that keeps guessing', async () => {
    const { server, join } = await startClass();
    open.push(server);
    for (let i = 0; i < 10; i++) {
      const ws = await rawSocket(join);
      ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'watcher', code: 'AAA-AAA' }));
      expect(await nextMessage(ws)).toEqual({
        type: 'refused',
        reason: expect.stringMatching(/wrong class code/),
      });
      await closed(ws);
    }
    // Now even the right code is refused from this address for a while.
    const ws = await rawSocket(join);
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'watcher', code: join.code }));
    expect(await nextMessage(ws)).toEqual({
      type: 'refused',
      reason: expect.stringMatching(/too many wrong codes/),
    });
    expect(server.counts.wrongCode).toBe(10);
    expect(server.counts.rateLimited).toBe(1);
  });

  it('stops a learner with a wrong code, and says so', async () => {
    const { server, join } = await startClass();
    open.push(server);
    const statuses: string[] = [];
    const c = new StubController(fixture());
    const l = new ClassLearner({
      join: { ...join, code: 'BBB-BBB' },
      name: 'W',
      id: 'w'.repeat(24),
      controller: c,
      chapterCount: 2,
    });
    open.push({ close: () => l.leave() });
    await new Promise<void>((resolve) =>
      l.onStatus((s) => {
        statuses.push(s.connection.kind);
        if (s.connection.kind === 'stopped') resolve();
      }),
    );
    expect(l.status().connection).toEqual({
      kind: 'stopped',
      reason: expect.stringMatching(/wrong class code/),
    });
    expect(server.roster.all()).toHaveLength(0);
  });

  it('stops at a wrong fingerprint before sending the hello (no code, no name leaves)', async () => {
    const { server, join } = await startClass();
    open.push(server);
    const hellos: string[] = [];
    const conn = new ClassConnection({
      join: { ...join, fingerprint: 'A'.repeat(43) },
      hello: () => {
        hellos.push('sent');
        return { type: 'hello', v: PROTOCOL_VERSION, role: 'watcher', code: join.code };
      },
    });
    open.push({ close: () => conn.close() });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => conn.state.kind === 'stopped' && (clearInterval(t), resolve()), 20);
    });
    expect(conn.state).toEqual({
      kind: 'stopped',
      reason: expect.stringMatching(/not the one of this join line/),
    });
    expect(hellos).toEqual([]);
    expect(server.counts.wrongCode).toBe(0);
  });

  it('drops malformed, oversized and flooding messages with a count, and nobody else’s row changes', async () => {
    // The server's clock stands still: its budget refills only when the test says, so the counts are exact.
    const clock = new FakeClock();
    const { server, join } = await startClass({ messagesPerSecond: 20, clock });
    open.push(server);
    const good = learner(join, 'Good', 1);
    good.c.fire({ type: 'failed', stepId: good.c.state().current!.id, reason: 'nope', ms: 1 });
    await until(
      server,
      () => rowOf(server, 'Good')?.progress?.state === 'failed',
      'the good learner on the board',
    );
    const before = JSON.stringify(rowOf(server, 'Good'));

    const bad = await rawSocket(join);
    open.push({ close: async () => bad.terminate() });
    bad.send(
      JSON.stringify({
        type: 'hello',
        v: PROTOCOL_VERSION,
        role: 'learner',
        code: join.code,
        id: 'bad'.repeat(10),
        name: '\x1b[2JEvil\x07',
      }),
    );
    expect(await nextMessage(bad)).toMatchObject({ type: 'welcome' });
    expect(rowOf(server, 'Evil')).toBeDefined(); // the escape sequence is gone from the name
    bad.send('{not json');
    bad.send(JSON.stringify({ type: 'progress', chapter: 'x' }));
    bad.send(JSON.stringify({ type: 'launch-missiles' }));
    bad.send(JSON.stringify({ type: 'hand', up: true, pad: 'x'.repeat(LIMITS.textMessage) }));
    await until(
      server,
      () => rowOf(server, 'Evil')!.dropped.malformed === 3 && rowOf(server, 'Evil')!.dropped.oversized === 1,
      'malformed and oversized counted',
    );
    // A burst of 40 (twice the rate) was the budget; five went on the messages above.
    for (let i = 0; i < 2_000; i++) bad.send(JSON.stringify({ type: 'hand', up: i % 2 === 0 }));
    await until(server, () => rowOf(server, 'Evil')!.dropped.flood === 1_965, 'the flood dropped');
    // Far past the hard limit: ws closes that connection (1009), counted; the server goes on.
    bad.send(Buffer.alloc(LIMITS.hardPayload + 1, 'a').toString());
    expect(await closed(bad)).toBe(1009);
    await until(server, () => server.counts.closedTooBig === 1, 'the oversized close counted');
    expect(JSON.stringify(rowOf(server, 'Good'))).toBe(before);
    // The good learner still gets through.
    good.c.hint();
    await until(server, () => rowOf(server, 'Good')?.progress?.hints === 1, 'the good learner moved on');
  });

  it('refuses a hello that is not one, and a connection that never says hello', async () => {
    const clock = new FakeClock();
    const { server, join } = await startClass({ clock, helloTimeoutMs: 10_000 });
    open.push(server);
    const a = await rawSocket(join);
    a.send(JSON.stringify({ type: 'progress' }));
    expect(await nextMessage(a)).toEqual({ type: 'refused', reason: expect.stringMatching(/hello/) });
    const b = await rawSocket(join);
    const gone = closed(b);
    clock.advance(10_000);
    expect(await gone).toBe(4008);
    expect(server.roster.all()).toHaveLength(0);
  });
});
