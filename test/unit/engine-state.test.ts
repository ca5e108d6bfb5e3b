import { describe, expect, it } from 'vitest';
import { MarkScanner } from '../../src/engine/osc133.js';
import { chapterDone, initialState, reduce } from '../../src/engine/step-status.js';
import { commandLine } from '../../src/engine/component-step.js';
import { substituteDeep } from '../../src/engine/run-step.js';
import { parseDuration } from '../../src/lesson/duration.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import { substitute } from '../../src/lesson/variables.js';

const chapter = parseChapter(
  'c.md',
  '---\nid: c\ntitle: C\n---\n```sh\na\n```\n```sh {id=b}\nb\n```\n',
).chapter!;

describe('step state reducer', () => {
  it('moves the cursor when the current step passes, not when a later one does', () => {
    let s = initialState(chapter);
    expect(s.cursor).toBe(0);
    s = reduce(s, { type: 'passed', stepId: 'b', ms: 1 });
    expect(s.cursor).toBe(0);
    s = reduce(s, { type: 'started', stepId: '1' });
    expect(s.steps['1']).toEqual({ kind: 'running', detail: undefined });
    s = reduce(s, { type: 'failed', stepId: '1', reason: 'nope', ms: 2 });
    expect(s.steps['1']).toEqual({ kind: 'failed', reason: 'nope', ms: 2 });
    s = reduce(s, { type: 'passed', stepId: '1', ms: 3 });
    expect(s.cursor).toBe(1);
    expect(chapterDone(s)).toBe(true);
    expect(reduce(s, { type: 'reset' }).steps.b).toEqual({ kind: 'todo' });
  });

  it('resumes after the steps already passed', () => {
    expect(initialState(chapter, ['1']).cursor).toBe(1);
  });
});

describe('shell markers', () => {
  it('finds OSC 133 markers split across chunks', () => {
    const sc = new MarkScanner();
    expect(sc.push('output\x1b]133;D;')).toEqual([]);
    expect(sc.push('2;1\x07\x1b]13')).toEqual([{ kind: 'done', status: 2, failedCommands: true }]);
    expect(sc.push('3;A\x07prompt$ ')).toEqual([{ kind: 'prompt' }]);
    expect(sc.push('\x1b[1mbold\x1b[0m')).toEqual([]);
  });

  it('cuts the stream into text and marks, so the output between C and D can be read', () => {
    const sc = new MarkScanner();
    const chunks = ['echo hi\r\n\x1b]133;', 'C\x07hi\r\n\x1b]1', '33;D;0;0\x07\x1b]133;A\x07$ '];
    expect(chunks.flatMap((c) => sc.tokens(c))).toEqual([
      { kind: 'text', text: 'echo hi\r\n' },
      { kind: 'output' },
      { kind: 'text', text: 'hi\r\n' },
      { kind: 'done', status: 0, failedCommands: false },
      { kind: 'prompt' },
      { kind: 'text', text: '$ ' },
    ]);
  });

  it('passes through escape sequences that are not markers', () => {
    const sc = new MarkScanner();
    expect(sc.tokens('a\x1b[1mb')).toEqual([{ kind: 'text', text: 'a\x1b[1mb' }]);
    expect(sc.tokens('c\x1b')).toEqual([{ kind: 'text', text: 'c' }]);
    expect(sc.tokens('[0m')).toEqual([{ kind: 'text', text: '\x1b[0m' }]);
  });
});

describe('small pieces', () => {
  it('parses durations', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('substitutes variables and keeps $${escaped} literal', () => {
    expect(substitute('a=${A} b=$${A} c=${C}', { A: '1' })).toEqual({
      text: 'a=1 b=${A} c=${C}',
      unknown: ['C'],
    });
  });

  it('puts variables into every string of a check spec, leaving other values alone', () => {
    const spec = {
      target: { kind: 'node', name: '${HOSTNAME}' },
      fields: { 'status.x': 2 },
      count: undefined,
    };
    expect(substituteDeep(spec, { HOSTNAME: 'vm' })).toEqual({
      target: { kind: 'node', name: 'vm' },
      fields: { 'status.x': 2 },
      count: undefined,
    });
  });

  it('joins a pane block into one command line', () => {
    expect(commandLine('# etcd\netcd \\\n  --name a \\\n  --data-dir d\n')).toBe(
      'etcd --name a --data-dir d',
    );
  });
});
