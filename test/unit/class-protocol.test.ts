// The class protocol as values: the join line, every message validated (any
// input gives a message or a refusal, never an exception), names and reasons
// made plain single lines, the reconnect schedule, the flood budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, retryDelay } from '../../src/class/backoff.js';
import { formatJoinLine, JoinLineError, normalCode, parseJoinLine } from '../../src/class/join-line.js';
import {
  LIMITS,
  parseClientMessage,
  parseServerMessage,
  plainLine,
  PROTOCOL_VERSION,
} from '../../src/class/protocol.js';
import { TokenBucket } from '../../src/class/token-bucket.js';
import { FakeClock } from '../helpers/fake-clock.js';

const FP = 'q3Z-7wXe_0123456789abcdefghijklmnopqrstuvwx'.slice(0, 43);

describe('the join line', () => {
  it('goes round: format, then parse, gives the same address, code and pin', () => {
    const j = { host: '192.168.1.20', port: 7443, code: 'K7F-9QX', fingerprint: FP };
    expect(formatJoinLine(j)).toBe(`class://192.168.1.20:7443/K7F-9QX/sha256:${FP}`);
    expect(parseJoinLine(`  ${formatJoinLine(j)}\n`)).toEqual(j);
    const v6 = { ...j, host: 'fe80::1' };
    expect(parseJoinLine(formatJoinLine(v6))).toEqual(v6);
  });

  it('says what is wrong with a line that is not one', () => {
    expect(() => parseJoinLine('https://x')).toThrow(/starts with class:\/\//);
    expect(() => parseJoinLine(`class://h:7443/K7F-9QX/sha256:${FP.slice(1)}`)).toThrow(/cut or changed/);
    expect(() => parseJoinLine(`class://h:99999/K7F-9QX/sha256:${FP}`)).toThrow(JoinLineError);
  });

  it('compares codes without dashes, in any case', () => {
    expect(normalCode('k7f-9qx')).toBe(normalCode('K7F9QX'));
  });
});

describe('messages from a client', () => {
  const progress = {
    type: 'progress',
    chapter: { id: 'etcd', title: 'etcd', index: 1, count: 15 },
    step: { id: 's1', label: 'check: readyz', index: 3, count: 9 },
    state: 'failed',
    reason: 'exit status 1',
    hints: 2,
    stepMs: 61_000,
  };

  it('accepts each kind, as sent', () => {
    expect(parseClientMessage(JSON.stringify(progress))).toEqual({ ok: true, msg: progress });
    expect(parseClientMessage('{"type":"hand","up":true}')).toEqual({
      ok: true,
      msg: { type: 'hand', up: true },
    });
    const hello = {
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'learner',
      code: 'K7F-9QX',
      id: 'a'.repeat(24),
      name: 'Ada',
    };
    expect(parseClientMessage(JSON.stringify(hello))).toEqual({ ok: true, msg: hello });
  });

  it('refuses what does not fit the schema, and says oversized for what is too long', () => {
    for (const bad of [
      '',
      'null',
      '[]',
      '"x"',
      '{"type":"hand","up":"yes"}',
      '{"type":"share","on":true,"cols":-1,"rows":2}',
      JSON.stringify({ ...progress, state: 'dancing' }),
      JSON.stringify({ ...progress, hints: 1.5 }),
      '{"type":"hello","v":1,"role":"learner","code":"x","id":"short","name":"n"}',
    ])
      expect(parseClientMessage(bad)).toEqual({ ok: false, why: 'malformed' });
    expect(
      parseClientMessage(JSON.stringify({ ...progress, reason: 'x'.repeat(LIMITS.textMessage) })),
    ).toEqual({ ok: false, why: 'oversized' });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ type: 'progress', chapter: v, step: v, state: v })),
        ),
        (text) => {
          const a = parseClientMessage(text);
          const b = parseServerMessage(text);
          return typeof a.ok === 'boolean' && typeof b.ok === 'boolean';
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('makes names and reasons plain single lines: no escape sequence reaches the instructor’s terminal', () => {
    expect(plainLine('\x1b[2J\x1b]0;pwned\x07Ada\nLovelace\u202e', 40)).toBe('Ada Lovelace');
    expect(plainLine('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const msg = parseClientMessage(JSON.stringify({ ...progress, reason: 'first\x1b[31m red\nsecond' }));
    expect(msg.ok && msg.msg.type === 'progress' && msg.msg.reason).toBe('first red second');
  });
});

describe('reconnecting', () => {
  it('waits at most about a second between tries, so a restarted server has everyone back within five', () => {
    for (let attempt = 0; attempt < 50; attempt++)
      for (const r of [0, 0.5, 0.9999])
        expect(retryDelay(attempt, r)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.2);
    expect(retryDelay(0, 0.5)).toBe(250);
  });
});

describe('the flood budget', () => {
  it('lets a burst through, drops the rest, and refills with time', () => {
    const clock = new FakeClock();
    const b = new TokenBucket(clock, 20, 40);
    const taken = Array.from({ length: 100 }, () => b.take()).filter(Boolean).length;
    expect(taken).toBe(40);
    clock.advance(500);
    expect(Array.from({ length: 100 }, () => b.take()).filter(Boolean).length).toBe(10);
  });
});
