// `{apply timeout=…}` and the step's abort signal reach the apply: against a
// loopback server that accepts connections and never answers, the step ends
// when its timeout passes, or as soon as it is stopped. Each case tells its
// outcome from the one it rules out by a wide margin (1 s or 0.3 s against
// the default 30 s, or never), not by how fast this machine is today.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterHooks } from '../../src/engine/cluster-hooks.js';
import { runStep, type StepDeps } from '../../src/engine/run-step.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import { DEFAULT_TIMEOUT_MS, type Step } from '../../src/lesson/model.js';
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
  // The first apply loads the Kubernetes client (seconds on a loaded machine): not what is timed here.
  await import('../../src/cluster/apply.js');
}, 60_000);

/** Half the default apply timeout: an apply that ignored its timeout or its signal would run twice as long, or forever. */
const WELL_BEFORE_DEFAULT = DEFAULT_TIMEOUT_MS.apply / 2;
/** Room for an apply that ignores its signal to run into the default timeout, so the elapsed check, not vitest, fails. */
const CASE = { timeout: DEFAULT_TIMEOUT_MS.apply * 2 };

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
  it('gives up after the fence timeout, with a sentence', CASE, async () => {
    const started = Date.now();
    const outcome = await runStep(applyStep(' timeout=1s'), deps());
    expect(Date.now() - started).toBeLessThan(WELL_BEFORE_DEFAULT);
    expect(outcome).toEqual({
      ok: false,
      reason:
        'the manifest was not applied within 1 s: is the API server answering? (more time: {apply timeout=…})',
    });
  });

  it('stops when the step is stopped', CASE, async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const outcome = await runStep(applyStep(''), deps(), abort.signal);
    expect(Date.now() - started).toBeLessThan(WELL_BEFORE_DEFAULT);
    expect(outcome).toEqual({ ok: false, reason: 'the apply was stopped before it finished' });
  });

  it('hands the signal to the cluster layer, which stops its requests', CASE, async () => {
    const abort = new AbortController();
    const vars = { KUBECONFIG: kubeconfig };
    const pending = clusterHooks().apply('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', vars, {
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 300);
    const started = Date.now();
    const res = await pending;
    expect(Date.now() - started).toBeLessThan(WELL_BEFORE_DEFAULT);
    expect(res).toEqual({ ok: false, reason: 'ConfigMap x: the apply was stopped before it finished' });
  });
});
