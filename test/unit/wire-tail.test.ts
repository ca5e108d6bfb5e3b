// Following the audit log through what lumberjack and people do to it:
// rotation, truncation, deletion, half-written and garbage lines. Real files
// in a temp folder; each look is one poll(), so nothing depends on timing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditingOff } from '../../src/wire/audit-files.js';
import { AuditTail, readAudit, type TailItem } from '../../src/wire/audit-tail.js';
import { auditLine } from '../helpers/audit-events.js';

let dir: string;
let log: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-tail-'));
  log = path.join(dir, 'audit.log');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const line = (name: string): string =>
  `${auditLine({ verb: 'create', resource: 'configmaps', namespace: 'default', name })}\n`;
const names = (items: TailItem[]): string[] =>
  items.flatMap((i) => (i.kind === 'event' ? [i.event.objectRef?.name ?? ''] : [`-- ${i.text}`]));

describe('AuditTail', () => {
  it('says how to turn auditing on when there is no log, then follows it once it appears', async () => {
    const tail = new AuditTail(log);
    const first = names(await tail.poll());
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(
      /no audit log at .*audit\.log: the API server writes one only when started with --audit-policy-file and --audit-log-path/,
    );
    expect(await tail.poll()).toEqual([]); // said once
    fs.writeFileSync(log, line('a'));
    expect(names(await tail.poll())).toEqual([expect.stringMatching(/is there now: following it/), 'a']);
    await tail.close();
  });

  it('keeps a half-written line until its newline comes', async () => {
    const full = line('a');
    fs.writeFileSync(log, full.slice(0, 40));
    const tail = new AuditTail(log);
    expect(await tail.poll()).toEqual([]);
    fs.appendFileSync(log, full.slice(40) + line('b'));
    expect(names(await tail.poll())).toEqual(['a', 'b']);
    await tail.close();
  });

  it('follows a rotation: reads the rest of the old file, then the new one from its start', async () => {
    fs.writeFileSync(log, line('a'));
    const tail = new AuditTail(log);
    expect(names(await tail.poll())).toEqual(['a']);
    // What lumberjack does past --audit-log-maxsize: one last write, rename, a new file.
    fs.appendFileSync(log, line('b'));
    fs.renameSync(log, path.join(dir, 'audit-2026-12-07T18-00-00.000.log'));
    fs.writeFileSync(log, line('c'));
    expect(names(await tail.poll())).toEqual([
      'b',
      '-- the audit log reached its size bound and was rotated to audit-2026-12-07T18-00-00.000.log: following the new audit.log',
      'c',
    ]);
    await tail.close();
  });

  it('reads the files of two rotations that happened between two looks', async () => {
    fs.writeFileSync(log, line('a'));
    const tail = new AuditTail(log);
    await tail.poll();
    fs.appendFileSync(log, line('b'));
    fs.renameSync(log, path.join(dir, 'audit-2026-12-07T18-00-00.000.log'));
    fs.writeFileSync(log, line('c'));
    fs.renameSync(log, path.join(dir, 'audit-2026-12-07T18-00-05.000.log'));
    fs.writeFileSync(log, line('d'));
    expect(names(await tail.poll())).toEqual([
      'b',
      '-- the audit log reached its size bound and was rotated to audit-2026-12-07T18-00-00.000.log: following the new audit.log',
      '-- it was rotated again, to audit-2026-12-07T18-00-05.000.log, before the view looked: reading that file whole',
      'c',
      'd',
    ]);
    await tail.close();
  });

  it('reads a log bigger than one look takes, whole', async () => {
    const one = line('x');
    const n = Math.ceil((17 << 20) / one.length);
    fs.writeFileSync(log, one.repeat(n));
    const items = await readAudit(log);
    expect(items).toHaveLength(n);
  });

  it('sees a rotation caught between the rename and the new file', async () => {
    fs.writeFileSync(log, line('a'));
    const tail = new AuditTail(log);
    await tail.poll();
    fs.renameSync(log, path.join(dir, 'audit-2026-12-07T18-00-00.000.log'));
    expect(names(await tail.poll())).toEqual([expect.stringMatching(/rotated to audit-2026/)]);
    fs.writeFileSync(log, line('b'));
    expect(names(await tail.poll())).toEqual(['b']);
    await tail.close();
  });

  it('says a half-written line was cut off when the file it was in rotates away', async () => {
    fs.writeFileSync(log, line('a') + line('b').slice(0, 30));
    const tail = new AuditTail(log);
    expect(names(await tail.poll())).toEqual(['a']);
    fs.renameSync(log, path.join(dir, 'audit-2026-12-07T18-00-00.000.log'));
    fs.writeFileSync(log, line('c'));
    const items = names(await tail.poll());
    expect(items[0]).toBe('-- a half-written line at the end of the old audit log was skipped (30 bytes)');
    expect(items.at(-1)).toBe('c');
    await tail.close();
  });

  it('reads a truncated log again from its start, saying so', async () => {
    fs.writeFileSync(log, line('a') + line('b'));
    const tail = new AuditTail(log);
    await tail.poll();
    fs.truncateSync(log, 0);
    fs.appendFileSync(log, line('c'));
    expect(names(await tail.poll())).toEqual([
      expect.stringMatching(/was truncated .*reading it again from its start/),
      'c',
    ]);
    await tail.close();
  });

  it('goes on reading a deleted log (the API server still writes into it), and says so once', async () => {
    fs.writeFileSync(log, line('a'));
    const fd = fs.openSync(log, 'a'); // the API server's open file
    const tail = new AuditTail(log);
    await tail.poll();
    fs.unlinkSync(log);
    fs.writeSync(fd, line('b'));
    expect(names(await tail.poll())).toEqual([
      expect.stringMatching(/was deleted: the API server goes on writing into the deleted file/),
      'b',
    ]);
    fs.writeSync(fd, line('c'));
    expect(names(await tail.poll())).toEqual(['c']);
    fs.closeSync(fd);
    // A new API server starts a new file.
    fs.writeFileSync(log, line('d'));
    expect(names(await tail.poll())).toEqual([expect.stringMatching(/replaced by a new file/), 'd']);
    await tail.close();
  });

  it('skips garbage lines one line each, counting past a few, and goes on', async () => {
    fs.writeFileSync(
      log,
      ['not json', '{"kind":"Status"}', '\u0000\u0001binary', 'x', 'y'].join('\n') + '\n' + line('a'),
    );
    const items = names(await readAudit(log));
    expect(items).toEqual([
      '-- line 1 of audit.log skipped: not JSON: not json',
      '-- line 2 of audit.log skipped: JSON, but not an audit event: {"kind":"Status"}',
      '-- line 3 of audit.log skipped: not JSON: ??binary',
      '-- 2 more lines of audit.log skipped: not audit events',
      'a',
    ]);
  });

  it('reads the backups first, oldest first, and leaves out what is older than --since', async () => {
    const at = (name: string, min: number): string =>
      `${auditLine({ verb: 'create', resource: 'configmaps', namespace: 'default', name, time: Date.UTC(2026, 11, 7, 18, min) })}\n`;
    fs.writeFileSync(path.join(dir, 'audit-2026-12-07T18-01-00.000.log'), at('old', 0) + at('b1', 5));
    fs.writeFileSync(path.join(dir, 'audit-2026-12-07T18-10-00.000.log'), at('b2', 6));
    fs.writeFileSync(log, at('now', 11));
    expect(names(await readAudit(log))).toEqual(['old', 'b1', 'b2', 'now']);
    expect(names(await readAudit(log, { since: Date.UTC(2026, 11, 7, 18, 3) }))).toEqual(['b1', 'b2', 'now']);
  });

  it('from the end: only what is written after the first look', async () => {
    fs.writeFileSync(log, line('a'));
    const tail = new AuditTail(log, { fromEnd: true });
    expect(await tail.poll()).toEqual([]);
    fs.appendFileSync(log, line('b'));
    expect(names(await tail.poll())).toEqual(['b']);
    await tail.close();
  });

  it('says the last line is half-written when reading the whole log', async () => {
    fs.writeFileSync(log, line('a') + '{"kind":"Ev');
    expect(names(await readAudit(log))).toEqual([
      'a',
      expect.stringMatching(/last line of audit\.log is half-written/),
    ]);
  });
});

describe('an API server without auditing', () => {
  it('says how to turn it on, only when its command line has no audit log', () => {
    const log = '/ws/audit/audit.log';
    expect(auditingOff('kube-apiserver --etcd-servers=https://127.0.0.1:2379', log)).toBe(
      'kube-apiserver is running without auditing, so the wire view has nothing new to show: start it again with --audit-policy-file and --audit-log-path=/ws/audit/audit.log (with --audit-log-maxsize and --audit-log-maxbackup to bound it)',
    );
    expect(
      auditingOff(`kube-apiserver \\\n  --audit-policy-file="p.yaml" \\\n  --audit-log-path="${log}"`, log),
    ).toBeUndefined();
  });
});
