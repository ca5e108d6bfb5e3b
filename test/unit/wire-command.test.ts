// `demystify wire` and `demystify explain` on a workspace holding the recorded
// audit log of a real control plane: filters, --since, --follow (a line
// appended while it follows), and bad input as a sentence with an exit code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/commands/cli-error.js';
import { explainCommand } from '../../src/commands/explain.js';
import { resolveFlags } from '../../src/commands/options.js';
import { wireCommand } from '../../src/commands/wire.js';
import { auditLine } from '../helpers/audit-events.js';

let ws: string;
let log: string;
beforeAll(() => {
  ws = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-cmd-'));
  fs.mkdirSync(path.join(ws, 'audit'), { mode: 0o700 });
  log = path.join(ws, 'audit', 'audit.log');
  fs.writeFileSync(log, zlib.gunzipSync(fs.readFileSync('test/fixtures/audit/control-plane.log.gz')));
});
afterAll(() => fs.rmSync(ws, { recursive: true, force: true }));

const flags = () => resolveFlags({ workspace: ws, color: false }, {});
async function run(
  fn: (write: (s: string) => void) => Promise<number>,
): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await fn((s) => out.push(s));
  return { code, out };
}

describe('demystify wire', () => {
  it('prints the writes and watches of the components asked for', async () => {
    const { code, out } = await run((w) => wireCommand(flags(), { who: ['replicaset', 'scheduler'] }, w));
    expect(code).toBe(0);
    expect(out.filter((l) => / create +pods\/binding /.test(l))).toHaveLength(3);
    expect(
      out.filter((l) => /replicaset controller +create +pods +default\/\(new name\) +201$/.test(l)),
    ).toHaveLength(3);
    expect(out.every((l) => /^\d\d:\d\d:\d\d\.\d{3} {2}(scheduler|replicaset controller) /.test(l))).toBe(
      true,
    );
  });

  it('narrows to an object; --all shows reads too', async () => {
    const some = await run((w) =>
      wireCommand(flags(), { object: 'deployment/web', namespace: 'default' }, w),
    );
    const all = await run((w) =>
      wireCommand(flags(), { object: 'deployment/web', namespace: 'default', all: true }, w),
    );
    expect(some.out.length).toBeGreaterThan(0);
    expect(all.out.length).toBeGreaterThan(some.out.length);
    expect(all.out.some((l) => / get +deployments /.test(l))).toBe(true);
  });

  it('--since leaves out what is older (everything here: the log was recorded long ago)', async () => {
    expect((await run((w) => wireCommand(flags(), { since: '5m' }, w))).out).toEqual([]);
  });

  it('--follow prints what is written while it follows', async () => {
    const stop = new AbortController();
    const out: string[] = [];
    const following = wireCommand(flags(), { follow: true, since: '1m' }, (s) => out.push(s), stop.signal);
    await new Promise((r) => setTimeout(r, 400));
    fs.appendFileSync(
      log,
      `${auditLine({ verb: 'create', resource: 'configmaps', namespace: 'default', name: 'late', time: Date.now() })}\n`,
    );
    for (let i = 0; i < 100 && !out.some((l) => l.includes('default/late')); i++)
      await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await following).toBe(0);
    expect(out).toEqual([expect.stringMatching(/you \(kubectl\) +create +configmaps +default\/late +200$/)]);
  });

  it('refuses bad input with a sentence and an exit code', async () => {
    await expect(wireCommand(flags(), { since: 'yesterday' }, () => undefined)).rejects.toThrow(
      new CliError('--since wants a duration such as 30s, 5m or 1h30m, not "yesterday"'),
    );
    await expect(wireCommand(flags(), { object: 'deployment/Web' }, () => undefined)).rejects.toMatchObject({
      exitCode: 2,
    });
    const empty = resolveFlags({ workspace: path.join(ws, 'nothing-here') }, {});
    await expect(wireCommand(empty, {}, () => undefined)).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(
        /^there is no audit log at .*nothing-here\/audit\/audit\.log: the API server writes one only when started with --audit-policy-file/,
      ),
    });
  });
});

describe('demystify explain', () => {
  it('tells the story of one object', async () => {
    const { code, out } = await run((w) =>
      explainCommand(flags(), 'deploy/web', undefined, w, () => undefined),
    );
    expect(code).toBe(0);
    expect(out.at(-1)).toBe(
      'Who acted, in order: demystify (apply), deployment controller, replicaset controller, scheduler, you (kubectl)',
    );
  });

  it('refuses what is not one object, and says when the log never saw it', async () => {
    await expect(
      explainCommand(
        flags(),
        'pods/web-*',
        undefined,
        () => undefined,
        () => undefined,
      ),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: 'explain wants one object, kind/name (for example deployment/web), not "pods/web-*"',
    });
    await expect(
      explainCommand(
        flags(),
        'node/node-9',
        undefined,
        () => undefined,
        () => undefined,
      ),
    ).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/^the audit log never mentions node\/node-9:/),
    });
    const found = await run((w) => explainCommand(flags(), 'node/node-0', undefined, w, () => undefined));
    expect(found.out[0]).toBe('node/node-0, from the audit log:');
  });
});
