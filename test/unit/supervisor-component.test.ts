// Component states, readiness results, output history, restart and pid
// records, with real processes in real pseudo-terminals.
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import type { Component, ComponentState, Supervisor } from '../../src/terminal/types.js';
import { isGone, startTime, waitUntil } from '../fixtures/supervisor/procs.js';
import { spec, tempDir, waitForLine } from '../fixtures/supervisor/specs.js';

const state = tempDir('component');
let supervisor: Supervisor;
beforeAll(() => {
  supervisor = createSupervisor({ stateDir: state.path, graceMs: 1_000, history: { maxLines: 100 } });
});
afterAll(async () => {
  await supervisor.stopAll();
  state.remove();
});

function ended(component: Component): Promise<ComponentState> {
  return new Promise((resolve) => {
    const check = (s: ComponentState): void => {
      if (s.kind !== 'starting' && s.kind !== 'ready') resolve(s);
    };
    component.onState(check);
    check(component.state());
  });
}

describe('states', () => {
  it('exited with status 0', async () => {
    const component = supervisor.start(spec('ok', 'echo all done'));
    expect(await ended(component)).toEqual({ kind: 'exited', code: 0, lastLines: ['all done'] });
  });

  it('crashed with a status, carrying the last lines', async () => {
    const component = supervisor.start(spec('bad', 'echo "error: no such flag --foo" >&2; exit 3'));
    expect(await ended(component)).toEqual({
      kind: 'crashed',
      code: 3,
      signal: null,
      lastLines: ['error: no such flag --foo'],
    });
  });

  it('crashed by a signal', async () => {
    const component = supervisor.start(spec('killed', 'sleep 1000'));
    process.kill(component.pid, 'SIGKILL');
    expect(await ended(component)).toMatchObject({ kind: 'crashed', code: null, signal: 'SIGKILL' });
  });

  it('starting -> ready -> stopped, told to listeners', async () => {
    const component = supervisor.start(
      spec('seen', 'echo up; exec sleep 1000', { ready: { kind: 'log', pattern: /up/ } }),
    );
    const seen: string[] = [component.state().kind];
    component.onState((s) => seen.push(s.kind));
    await component.waitReady();
    await component.stop();
    expect(seen).toEqual(['starting', 'ready', 'stopped']);
  });

  it('is ready at once without a probe, and refuses a second start of a running name', () => {
    const component = supervisor.start(spec('twice', 'sleep 1000'));
    expect(component.state().kind).toBe('ready');
    expect(() => supervisor.start(spec('twice', 'sleep 1000'))).toThrow(/twice: it is already running/);
    return component.stop();
  });
});

describe('waitReady failures', () => {
  it('the process exits first', async () => {
    const component = supervisor.start(
      spec('etcd', 'echo "listen tcp 127.0.0.1:2379: bind: address already in use"; exit 1', {
        ready: { kind: 'log', pattern: /serving client traffic/ },
      }),
    );
    expect(await component.waitReady()).toEqual({
      ok: false,
      reason: 'etcd exited with status 1 before it was ready',
      lastLines: ['listen tcp 127.0.0.1:2379: bind: address already in use'],
    });
  });

  it('times out, naming the probe and the last attempt', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const component = supervisor.start(
      spec('kube-apiserver', 'echo waiting; exec sleep 1000', {
        ready: { kind: 'tcp', host: '127.0.0.1', port },
        readyTimeoutMs: 400,
      }),
    );
    const result = await component.waitReady();
    expect(result).toEqual({
      ok: false,
      reason: `kube-apiserver was not ready after 0.4 s: nothing accepted connections on 127.0.0.1:${port} (last attempt: connection refused)`,
      lastLines: ['waiting'],
    });
    expect(component.state().kind).toBe('starting');
    await component.stop();
  });

  it('is aborted', async () => {
    const component = supervisor.start(
      spec('slow', 'exec sleep 1000', { ready: { kind: 'log', pattern: /never/ } }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await component.waitReady(controller.signal)).toMatchObject({
      ok: false,
      reason: 'stopped waiting for slow',
    });
    const aborted = AbortSignal.abort();
    expect(await component.waitReady(aborted)).toMatchObject({ ok: false });
    await component.stop();
    expect(await component.waitReady()).toMatchObject({
      ok: false,
      reason: 'slow was stopped before it was ready',
    });
  });
});

describe('output', () => {
  it('keeps a bounded history and passes raw data and keystrokes through', async () => {
    const component = supervisor.start(spec('seq', 'seq 1 5000; exec cat'));
    const chunks: string[] = [];
    component.onData((chunk) => chunks.push(chunk));
    await waitForLine(component, /^5000$/);
    const lines = component.recentLines();
    expect(lines.length).toBeLessThanOrEqual(100);
    expect(lines.at(-1)).toBe('5000');
    expect(component.recentLines(3)).toEqual(['4998', '4999', '5000']);
    component.write('typed by hand\r');
    await waitForLine(component, /^typed by hand$/);
    expect(chunks.join('')).toContain('typed by hand');
    expect(component.rawOutput()).toContain('4999\r\n5000\r\n');
    await component.stop();
  });

  it('applies size at start and on resize', async () => {
    const component = supervisor.start(
      spec('size', 'stty size; read; stty size; exec sleep 1000', { cols: 100, rows: 30 }),
    );
    await waitForLine(component, /^30 100$/);
    component.resize(120, 40);
    component.write('\r');
    await waitForLine(component, /^40 120$/);
    await component.stop();
  });
});

describe('isolation', () => {
  it("does not hand one pane's terminal to the components started after it", async () => {
    const first = supervisor.start(spec('fd-first', 'exec sleep 1000'));
    const second = supervisor.start(spec('fd-second', 'exec sleep 1000'));
    const comm = (pid: number): string => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    await waitUntil(() => comm(second.pid) === 'sleep', 2_000, 'sleep to run');
    // Read leniently: a close-on-exec descriptor can still be listed while exec finishes, then vanish.
    const fdsOf = (pid: number): string[] =>
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
        } catch {
          return [];
        }
      });
    await waitUntil(() => fdsOf(second.pid).length <= 3, 2_000, 'exec to close what it closes').catch(
      () => undefined, // what is left is asserted just below
    );
    const fds = fdsOf(second.pid);
    expect(fds).toEqual([expect.stringMatching(/^\/dev\/pts\/\d+$/), expect.anything(), expect.anything()]);
    expect(new Set(fds).size).toBe(1);
    await supervisor.stopAll();
    expect([first, second].map((c) => c.state().kind)).toEqual(['stopped', 'stopped']);
  });
});

describe('restart and pid records', () => {
  it('writes a record while running and removes it once gone; restart replaces the component', async () => {
    const starts: Component[] = [];
    const unsubscribe = supervisor.onStart((c) => starts.push(c));
    const first = supervisor.start(
      spec('restartable', 'echo "pid $$"; exec sleep 1000', { ready: { kind: 'log', pattern: /pid/ } }),
    );
    await first.waitReady();
    const recordFile = path.join(state.path, 'pids', 'restartable.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ name: 'restartable', pid: first.pid, pgid: first.pid, sid: first.pid });
    expect(record.startTime).toBe(startTime(first.pid));
    expect(record.bootId).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());

    const second = await first.restart();
    expect(first.state().kind).toBe('stopped');
    expect(isGone(first.pid)).toBe(true);
    expect(second.pid).not.toBe(first.pid);
    expect(await second.waitReady()).toEqual({ ok: true });
    expect(supervisor.get('restartable')).toBe(second);
    expect(starts).toEqual([first, second]);
    expect(JSON.parse(readFileSync(recordFile, 'utf8'))).toMatchObject({ pid: second.pid });
    unsubscribe();

    await second.stop();
    await waitUntil(() => !existsSync(recordFile), 1_000, 'the record to be removed');
  });

  it('stopAll stops in reverse start order', async () => {
    const order: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      supervisor.start(spec(name, 'exec sleep 1000')).onState((s) => {
        if (s.kind === 'stopped') order.push(name);
      });
    }
    await supervisor.stopAll();
    expect(order).toEqual(['third', 'second', 'first']);
    expect(supervisor.list().every((c) => c.state().kind !== 'starting' && c.state().kind !== 'ready')).toBe(
      true,
    );
  });
});
