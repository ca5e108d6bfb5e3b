// @module-tag once (the lesson format's promises against real components; the client is tested on each line by verify-*)
// The format fixture (test/fixtures/workshop-format) run for real with
// `demystify test --prove-checks`: chapter variables in files, the shell,
// panes, checks and attributes; the teardown script; internet: chapters
// skipped offline with the reason; TLS probes verified or, when the lesson
// says so, not (and the output says so); an apply bounded by its timeout;
// etcd, api and resource checks through the certs/ and kc/ folders the
// actions were given; the "count: 0 with hold" idiom accepted by
// --prove-checks while the API server runs; a node's own certificate and
// kubeconfig, taken by the API server for system:node:node-1; questions read
// from etcd and on a node, predictions revealed; audit checks on the API
// server's audit log. Real etcd and kube-apiserver;
// fixed ports (2379, 6443, 18443, 18444, 18765): run under the host lock.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBinaries } from './helpers/control-plane.js';

const cli = path.resolve('dist/cli.js');
const lessons = 'test/fixtures/workshop-format/lessons';

async function demystify(args: string[], env: Record<string, string>) {
  if (!fs.existsSync(cli))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-format-'));
  const workspace = path.join(home, 'ws');
  const res = await execa('node', [cli, '--lessons', lessons, '--workspace', workspace, ...args], {
    reject: false,
    all: true,
    // The real binary cache, a private state folder.
    env: { XDG_STATE_HOME: path.join(home, 'state'), NO_COLOR: '1', ...env },
    timeout: 300_000,
  });
  return { ...res, workspace };
}

describe('the format fixture workshop', () => {
  it('keeps every promise of the lesson format, against real components', async () => {
    requireBinaries();
    const res = await demystify(['test', '--prove-checks'], { DEMYSTIFY_OFFLINE: '0' });
    const out = res.all ?? '';
    expect(out, out).toMatch(/^\d+ passed, 0 failed$/m);
    expect(res.exitCode).toBe(0);
    // vars: file name and body, the shell, a pane's environment and readiness pattern, a check.
    expect(out).toMatch(
      /✓ greeting-file +write \$\{CONF_DIR\}\/greeting\.ini .* wrote configs\/greeting\.ini/,
    );
    expect(out).toMatch(/✓ shell-sees-vars /);
    expect(out).toMatch(/✓ 4 +start greeter: .* greeter is ready/);
    expect(out).toMatch(/✓ greeter-check +check: the greeting in the file/);
    // --prove-checks: a hold check holds before its chapter, also with the API server running.
    expect(out).toMatch(/✓ nothing-yet +check holds for 2 s before the chapter, as it must/);
    expect(out).toMatch(/^quiet — [^\n]*\n {2}✓ 1 +check holds for 3 s before the chapter, as it must/m);
    // TLS: verified against the workshop's CA; skipped only where the lesson says so, and said.
    expect(out).toMatch(/✓ 4 +start tls-verified: .* tls-verified is ready$/m);
    expect(out).toMatch(
      /tls-unverified is ready — TLS certificate NOT verified \(insecure-skip-tls-verify\)/,
    );
    expect(out).toMatch(/\/livez is ok \(TLS certificate NOT verified \(insecure-skip-tls-verify\)\)/);
    // The checks use certs/ and kc/, where the actions put them.
    expect(out).toMatch(/✓ kubeconfig-var /);
    // A node's own certificate, signed by the CA already there, and its kubeconfig: system:node:node-1.
    expect(out).toMatch(
      /pki \(built-in\) .* certs\/: CA kept, 1 certificate\(s\)\n.*\n +certs\/kubelet-node-1\.pem \(created\)/,
    );
    expect(out).toMatch(/kc\/kubelet-node-1\.kubeconfig \(written\): user system:node:node-1 ->/);
    expect(out).toMatch(/✓ node-kubeconfig /);
    expect(out).toMatch(/✓ 4 +check: etcd to report healthy .* etcd is healthy/);
    expect(out).toMatch(
      /✓ 13 +check: ConfigMap fixture .* metadata\.labels\["app\.kubernetes\.io\/name"\]=fixture/,
    );
    // Audit checks: who did what, from the API server's audit log; --prove-checks saw them fail first.
    expect(out).toMatch(/✓ audit-by-hand +check fails before the chapter: there is no audit log at /);
    expect(out).toMatch(
      /✓ audit-by-hand +check: .* the audit log shows you create configmaps of by-hand in default: by-hand$/m,
    );
    expect(out).toMatch(
      /✓ audit-only-apply check: .* the audit log shows demystify writing configmaps of fixture\* in default: fixture, fixture-two$/m,
    );
    // A question whose truth is read from etcd, answered from the API; --prove-checks refused a wrong one first.
    expect(out).toMatch(
      /✓ cm-revision +question: Which resourceVersion .* answered (\d+), the worked answer's value; a wrong answer, \d+, was refused first$/m,
    );
    // Predictions: measured after their reveal step, as the lesson expects; one on a node, as root.
    expect(out).toMatch(
      /✓ two-labelled +check: .*\n {2}✓ second-labelled +revealed: it was 2 \(as the lesson expects\)$/m,
    );
    expect(out).toMatch(
      /✓ node-shell .*\n(?: .*\n)*? {2}✓ node-hostname +revealed: it was node-0 \(as the lesson expects\)$/m,
    );
    // On a node its commands run as root, which the line says (not the commands: they give the answer away).
    expect(out).toMatch(
      /✓ node-user +question \(its answer is read on node-0, as root\): As which user .* answered root, the worked answer's value/,
    );
    // The chapter's teardown script ran when the session closed.
    expect(fs.existsSync(path.join(res.workspace, 'torn-down'))).toBe(true);
  }, 320_000);

  it('skips a chapter that needs the internet on an offline machine, with the reason', async () => {
    const res = await demystify(['test', 'local', 'online'], { DEMYSTIFY_OFFLINE: '1' });
    const out = res.all ?? '';
    expect(out).toMatch(
      /^- online: skipped: it needs the internet, and DEMYSTIFY_OFFLINE=1 says this machine is offline$/m,
    );
    expect(out).toMatch(/^9 passed, 0 failed, 1 skipped$/m);
    expect(res.exitCode).toBe(0);
  }, 120_000);
});
