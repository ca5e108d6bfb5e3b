// Component steps: start a long-running process in its pane and wait for
// its readiness probe, or - for a component started wrong on purpose - for
// it to fail the way the lesson says it will.
import path from 'node:path';
import { formatDuration } from '../lesson/duration.js';
import { DEFAULT_TIMEOUT_MS, type ComponentStep, type ProbeSpec } from '../lesson/model.js';
import { isRunning, type Component, type ComponentState, type Probe } from '../terminal/types.js';
import { substituteDeep, TLS_NOT_VERIFIED, type StepDeps, type StepOutcome } from './run-step.js';
import { demystifyUserAgent } from '../wire/user-agent.js';

export async function startComponent(
  step: ComponentStep,
  deps: StepDeps,
  signal?: AbortSignal,
): Promise<StepOutcome> {
  const previous = deps.supervisor.get(step.pane);
  // Starting a pane again replaces what ran there (e.g. the API server started wrong, then right).
  if (previous && isRunning(previous.state())) await previous.stop();
  const timeoutMs = step.timeoutMs ?? DEFAULT_TIMEOUT_MS.component;
  // The probe's host, URL, files and pattern may name ${VARIABLES}.
  const ready = step.ready ? substituteDeep(step.ready, deps.vars) : undefined;
  const probe = ready ? toProbe(ready, deps.workspace) : undefined;
  if (step.node && !deps.nodes?.has(step.node))
    return {
      ok: false,
      reason: `${step.node} is not running: the chapter that makes it ({action=node}) comes first`,
    };
  const c = deps.supervisor.start({
    name: step.pane,
    command: commandLine(step.body),
    cwd: step.node ? '/' : deps.workspace,
    env: step.node && deps.nodes ? deps.nodes.env(step.node) : deps.env,
    ...(step.node ? { node: step.node } : {}),
    ready: step.expect === 'ready' ? probe : undefined,
    readyTimeoutMs: timeoutMs,
  });
  if (step.expect === 'fail') return expectFailure(c, step, probe, timeoutMs, signal);
  if (!probe || !ready) return { ok: true, detail: `${step.pane} started (pid ${c.pid})` };
  const unverified = ready.kind === 'https' && !ready.verifyTls ? ` — ${TLS_NOT_VERIFIED}` : '';
  deps.onWaiting?.(`waiting for ${step.pane} to be ready (${describeProbe(ready)})${unverified}`, undefined);
  const res = await c.waitReady(signal);
  if (res.ok) return { ok: true, detail: `${step.pane} is ready${unverified}` };
  return {
    ok: false,
    reason: `${res.reason}${
      res.lastLines.length
        ? `\nlast lines of ${step.pane}:\n${res.lastLines
            .slice(-10)
            .map((l) => `  ${l}`)
            .join('\n')}`
        : ''
    }`,
  };
}

/** A component started wrong on purpose must exit non-zero, or print the failure the lesson points at. */
function expectFailure(
  c: Component,
  step: ComponentStep,
  probe: Probe | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const pattern = probe?.kind === 'log' ? probe.pattern : undefined;
    const finish = (o: StepOutcome): void => {
      clearTimeout(timer);
      clearInterval(poll);
      offState();
      signal?.removeEventListener('abort', onAbort);
      if (isRunning(c.state())) void c.stop().then(() => resolve(o));
      else resolve(o);
    };
    const judge = (s: ComponentState): void => {
      if (s.kind === 'crashed')
        finish({
          ok: true,
          detail: `${step.pane} failed as expected (${s.code !== null ? `status ${s.code}` : `signal ${s.signal}`})`,
        });
      else if (s.kind === 'exited')
        finish({ ok: false, reason: `${step.pane} was expected to fail, but it exited with status 0` });
    };
    const offState = c.onState(judge);
    const poll = setInterval(() => {
      if (pattern && c.recentLines(200).some((l) => pattern.test(l)))
        finish({ ok: true, detail: `${step.pane} printed the expected error` });
    }, 100);
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          reason: `${step.pane} was expected to fail, but it was still running after ${formatDuration(timeoutMs)}`,
        }),
      timeoutMs,
    );
    const onAbort = (): void => finish({ ok: false, reason: 'stopped before it finished' });
    signal?.addEventListener('abort', onAbort, { once: true });
    judge(c.state());
  });
}

/** A probe whose variables are already replaced; files are relative to the workspace. */
function toProbe(p: ProbeSpec, workspace: string): Probe {
  const file = (f: string | undefined): string | undefined => (f ? path.resolve(workspace, f) : undefined);
  switch (p.kind) {
    case 'tcp':
      return { kind: 'tcp', host: p.host, port: p.port };
    case 'log':
      return { kind: 'log', pattern: new RegExp(p.pattern) };
    case 'https':
      return {
        kind: 'https',
        url: p.url,
        caFile: file(p.ca),
        certFile: file(p.cert),
        keyFile: file(p.key),
        ...(p.verifyTls ? {} : { insecureSkipTlsVerify: true as const }),
        userAgent: demystifyUserAgent('readiness probe'),
      };
  }
}

export function describeProbe(p: ProbeSpec): string {
  switch (p.kind) {
    case 'tcp':
      return `port ${p.host}:${p.port} accepts connections`;
    case 'log':
      return `its log says "${p.pattern}"`;
    case 'https':
      return `${p.url} answers`;
  }
}

/** A pane's block: comment lines dropped, backslash-newline joined, so it is one command line. */
export function commandLine(body: string): string {
  return body
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n')
    .replace(/\s*\\\n\s*/g, ' ')
    .trim();
}
