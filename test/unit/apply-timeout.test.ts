// `{apply timeout=…}` and the step's abort signal reach the apply: against a
// loopback server that accepts connections and never answers, the step ends
// when its timeout passes, or as soon as it is stopped.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterHooks } from '../../src/engine/cluster-hooks.js';
import { runStep, type StepDeps } from '../../src/engine/run-step.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import type { Step } from '../../src/lesson/model.js';
import { makeTestPki, writeAdminKubeconfig } from '../helpers/test-pki.js';

let silent: net.Server;
const sockets = new Set<net.Socket>();
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-apply-'));
  // Accepts, then says nothing: the TLS handshake never finishes.
  silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as net.AddressInfo).port;
  kubeconfig = path.join(dir, 'admin.kubeconfig');
  writeAdminKubeconfig(kubeconfig, `https://127.0.0.1:${port}`, makeTestPki(path.join(dir, 'pki')));
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  silent.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function applyStep(attrs: string): Step {
  const md = [
    '---',
    'id: a',
    'title: A',
    '---',
    '',
    `\`\`\`yaml {apply${attrs}}`,
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: x}',
    '```',
    '',
  ];
  const { chapter, issues } = parseChapter('a.md', md.join('\n'));
  expect(issues).toEqual([]);
  return chapter!.steps[0]!;
}

function deps(): StepDeps {
  const hooks = clusterHooks();
  const vars = { KUBECONFIG: kubeconfig, WORKSPACE: dir };
  return {
    workspace: dir,
    vars,
    env: {},
    apply: (manifest: string, opts: { signal: AbortSignal }) => hooks.apply(manifest, vars, opts),
  } as unknown as StepDeps;
}

describe('apply', () => {
  it('gives up after the fence timeout, with a sentence', async () => {
    const started = Date.now();
    const outcome = await runStep(applyStep(' timeout=1s'), deps());
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toEqual({
      ok: false,
      reason:
        'the manifest was not applied within 1 s: is the API server answering? (more time: {apply timeout=…})',
    });
  });

  it('stops when the step is stopped', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const outcome = await runStep(applyStep(''), deps(), abort.signal);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toEqual({ ok: false, reason: 'the apply was stopped before it finished' });
  });

  it('hands the signal to the cluster layer, which stops its requests', async () => {
    const abort = new AbortController();
    const vars = { KUBECONFIG: kubeconfig };
    const pending = clusterHooks().apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', vars, {
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const res = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res).toEqual({ ok: false, reason: 'ConfigMap x: the apply was stopped before it finished' });
  });
});
