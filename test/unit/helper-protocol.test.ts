// The root helper's requests are checked against their schemas before any of
// them runs: the operations it has, each with exactly its fields, every
// string of the form its use needs. What it must refuse is listed here.
import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/host/protocol-schema.js';

const start = {
  id: 3,
  op: 'component.start',
  node: 'node-0',
  proc: 'kubelet#4',
  tty: '/dev/pts/7',
  command: 'kubelet --config kubelet.yaml',
  env: { PATH: '/usr/bin', NODE_NAME: 'node-0' },
  cwd: '/',
};

describe('the root helper protocol', () => {
  it('takes the node operations it has', () => {
    expect(parseRequest(start)).toMatchObject({ ok: true, id: 3, request: { op: 'component.start' } });
    const exec = {
      id: 4,
      op: 'node.exec',
      node: 'node-1',
      command: 'true',
      env: {},
      cwd: '/',
      timeoutMs: 5000,
    };
    expect(parseRequest(exec)).toMatchObject({ ok: true, request: { op: 'node.exec', node: 'node-1' } });
    expect(parseRequest({ id: 5, op: 'repair' })).toMatchObject({ ok: true });
  });

  it('refuses a command on the host, in the old shape and in any other', () => {
    const host = {
      id: 9,
      op: 'exec',
      target: { kind: 'host' },
      command: 'id',
      env: {},
      cwd: '/',
      timeoutMs: 1000,
    };
    const refused = parseRequest(host);
    expect(refused).toMatchObject({ ok: false, id: 9 });
    expect(!refused.ok && refused.error).toMatch(/only does node work .*not "exec"/);
    expect(parseRequest({ ...host, op: 'spawn' })).toMatchObject({ ok: false, id: 9 });
    // A node's operation with a target added, or without a node.
    expect(parseRequest({ ...start, target: { kind: 'host' } })).toMatchObject({ ok: false });
    const { node: _node, ...noNode } = start;
    expect(parseRequest(noNode)).toMatchObject({ ok: false });
  });

  it('refuses names and paths that are not what demystify sends', () => {
    const bad: [string, unknown][] = [
      ['node', 'host'],
      ['node', '../node-0'],
      ['tty', '/etc/shadow'],
      ['tty', '/dev/pts/1/../../sda'],
      ['cwd', 'relative'],
      ['proc', 'x; rm -rf /'],
      ['env', { 'BAD NAME': 'x' }],
      ['env', { LD_PRELOAD: 'a\0b' }],
      ['command', ''],
    ];
    for (const [key, value] of bad)
      expect(parseRequest({ ...start, [key]: value }), `${key}=${JSON.stringify(value)}`).toMatchObject({
        ok: false,
      });
    expect(
      parseRequest({ id: 1, op: 'component.signal', node: 'node-0', proc: 'a#1', signal: 'SIGSTOP' }),
    ).toMatchObject({
      ok: false,
    });
    expect(parseRequest({ id: 1, op: 'repair', tag: 'abcdef' })).toMatchObject({ ok: false });
  });

  it('answers nothing to a line without an id, and says why to one with', () => {
    expect(parseRequest({ op: 'hello' })).toEqual({
      ok: false,
      id: undefined,
      error: 'a request needs a positive integer id',
    });
    expect(parseRequest([1])).toMatchObject({ ok: false, id: undefined });
    const r = parseRequest({ id: 2, op: 'node.create', node: 'node-10' });
    expect(r).toEqual({ ok: false, id: 2, error: 'refused: node: a node is named node-0 to node-9' });
  });
});
