// Runs one step of any kind and says whether it passed. Failures are values
// with a reason a learner can act on.
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { CheckSpec } from '../lesson/check-model.js';
import { formatDuration } from '../lesson/duration.js';
import { DEFAULT_TIMEOUT_MS, type ActionName, type Step } from '../lesson/model.js';
import { substitute } from '../lesson/variables.js';
import { isRunning, type Supervisor } from '../terminal/types.js';
import { runCheck } from '../verify/run-check.js';
import type { Observer } from '../verify/types.js';
import { startComponent } from './component-step.js';
import type { NodeRoom } from './nodes.js';
import type { FailedCommand } from './osc133.js';
import { answerHeadless } from './questions.js';
import type { LearnerShell } from './shell.js';

export type StepOutcome =
  { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly reason: string };

export interface ActionContext {
  readonly workspace: string;
  readonly vars: Readonly<Record<string, string>>;
}
export type ActionRunner = (params: unknown, ctx: ActionContext) => Promise<StepOutcome>;

/** What a check runs with: the chapter's variables and the environment of its commands. */
export interface CheckScope {
  readonly vars: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  /** When the running chapter started (ms): audit checks look at what happened since. */
  readonly chapterStartedAt?: number | undefined;
}

export interface ApplyOptions {
  /** Aborted when the step is stopped or its timeout passes. */
  readonly signal: AbortSignal;
}

export interface StepDeps extends CheckScope {
  readonly workspace: string;
  readonly supervisor: Supervisor;
  readonly shell: LearnerShell;
  /** The workshop's nodes and root; absent in tests of the pure engine. */
  readonly nodes?: NodeRoom;
  readonly observerFor: (spec: CheckSpec, scope: CheckScope) => Observer;
  readonly actions: Readonly<Partial<Record<ActionName, ActionRunner>>>;
  readonly apply: (manifest: string, opts: ApplyOptions) => Promise<StepOutcome>;
  /** Called while a check or probe waits, with live progress. */
  readonly onWaiting?: (waiting: string, progress: string | undefined) => void;
  /** Why this machine counts as offline (see cluster/connectivity.ts); undefined when online. */
  readonly offline?: string | undefined;
  /** `test --prove-checks`: a question is first given an answer that cannot be right, which must be refused. */
  readonly proveAnswers?: boolean;
}

/** Said on screen wherever the lesson chose not to verify a certificate. */
export const TLS_NOT_VERIFIED = 'TLS certificate NOT verified (insecure-skip-tls-verify)';

export async function runStep(step: Step, deps: StepDeps, signal?: AbortSignal): Promise<StepOutcome> {
  const sub = (text: string): string => substitute(text, deps.vars).text;
  switch (step.kind) {
    case 'shell': {
      const shell = step.node ? deps.nodes?.shell(step.node) : deps.shell;
      if (!shell)
        return {
          ok: false,
          reason: `${step.node} is not running: the chapter that makes it ({action=node}) comes first`,
        };
      const res = await shell.run(step.body, step.timeoutMs ?? DEFAULT_TIMEOUT_MS.shell, signal);
      const tail = lastLines(res.output, 8);
      if (res.kind === 'timeout')
        return {
          ok: false,
          reason: `the command did not finish within ${formatDuration(step.timeoutMs ?? DEFAULT_TIMEOUT_MS.shell)} (interrupted with Ctrl-C)${tail}`,
        };
      if (res.kind === 'shell-exited')
        return {
          ok: false,
          reason: `the shell exited while running this step (did the step run \`exit\`?)${tail}`,
        };
      const failed = res.status !== 0 || res.failedCommands;
      if (step.expect === 'fail') {
        return failed
          ? { ok: true, detail: `failed as expected (status ${res.status})` }
          : { ok: false, reason: `this command was expected to fail, but it succeeded${tail}` };
      }
      if (!failed) return { ok: true };
      return { ok: false, reason: `${shellFailure(res.status, res.firstFailure)}${tail}` };
    }
    case 'component':
      return startComponent(step, deps, signal);
    case 'stop': {
      // A node's name stops the whole node: its components, its shell, its namespaces.
      if (deps.nodes?.has(step.pane)) return { ok: true, detail: await deps.nodes.destroy(step.pane) };
      const c = deps.supervisor.get(step.pane);
      if (!c || !isRunning(c.state())) return { ok: true, detail: `${step.pane} was not running` };
      await c.stop();
      return { ok: true, detail: `stopped ${step.pane}` };
    }
    case 'file': {
      const { text, unknown } = substitute(
        step.body.endsWith('\n') ? step.body : `${step.body}\n`,
        deps.vars,
      );
      const named = substitute(step.path, deps.vars);
      const missing = [...unknown, ...named.unknown];
      if (missing.length)
        return { ok: false, reason: `unknown variables: ${missing.map((u) => `\${${u}}`).join(', ')}` };
      const target = path.resolve(deps.workspace, named.text);
      if (path.relative(deps.workspace, target).startsWith('..') || path.isAbsolute(named.text))
        return { ok: false, reason: `file=${step.path} is ${named.text}, which is outside the workspace` };
      await writeFileAtomic(target, text, { mode: step.mode });
      return {
        ok: true,
        detail: `wrote ${named.text} (${text.length} bytes, mode ${step.mode.toString(8).padStart(4, '0')})`,
      };
    }
    case 'apply':
      return applyWithin(sub(step.body), step.timeoutMs ?? DEFAULT_TIMEOUT_MS.apply, deps, signal);
    case 'action': {
      if (step.params.action === 'node') {
        if (!deps.nodes)
          return { ok: false, reason: 'nodes need the full session (root and the root helper)' };
        return {
          ok: true,
          detail: await deps.nodes.create(step.params.params.name, deps.nodes.whyFor(step), signal),
        };
      }
      const runner = deps.actions[step.action];
      if (!runner)
        return { ok: false, reason: `the built-in action "${step.action}" is not available in this build` };
      return runner(substituteDeep(step.params.params, deps.vars), {
        workspace: deps.workspace,
        vars: deps.vars,
      });
    }
    // Only headless runs get here: the UI's controller takes the learner's answer and prediction instead.
    case 'question':
      return answerHeadless(step, deps, signal);
    case 'predict':
      return { ok: true, detail: `no prediction headless; its outcome is measured after ${step.reveal}` };
    case 'check': {
      // A check names nodes, namespaces or files through ${VARIABLES} too.
      const spec = substituteDeep(step.check, deps.vars);
      const waiting = spec.verifyTls ? spec.waiting : `${spec.waiting} — ${TLS_NOT_VERIFIED}`;
      const status = await runCheck(deps.observerFor(spec, deps), {
        waiting,
        timeoutMs: step.timeoutMs ?? DEFAULT_TIMEOUT_MS.check,
        holdMs: spec.holdMs,
        onFail: spec.onFail,
        logName: spec.component,
        logTail: spec.component
          ? () =>
              deps.supervisor.get(spec.component ?? '')?.recentLines(10) ?? [
                `(${spec.component} is not running)`,
              ]
          : undefined,
        signal,
        onUpdate: (s) => {
          if (s.kind === 'pending') deps.onWaiting?.(s.waiting, s.progress);
        },
      });
      if (status.kind !== 'passed')
        return { ok: false, reason: status.kind === 'failed' ? status.reason : 'the check did not finish' };
      return {
        ok: true,
        detail: spec.verifyTls ? status.detail : `${status.detail ?? 'passed'} (${TLS_NOT_VERIFIED})`,
      };
    }
  }
}

/**
 * What failed in a shell step, in words: the command that failed first and
 * its status, and whether the step went on after it (a step of several lines
 * runs them all, like a script without `set -e`).
 */
export function shellFailure(status: number, first: FailedCommand | undefined): string {
  if (!first)
    return status === 0
      ? "one of this step's commands failed (bash did not say which); the ones after it ran and the last one succeeded"
      : `the step's last command exited with status ${status}`;
  const what = `\`${first.command}\` failed with status ${first.status}`;
  if (status === 0)
    return `${what}; the commands after it ran and the last one succeeded, but this one has to work too`;
  return first.status === status ? what : `${what} (and the step's last command with status ${status})`;
}

/** The apply, bounded by the step's timeout and stopped with the step. */
async function applyWithin(
  manifest: string,
  timeoutMs: number,
  deps: StepDeps,
  outer: AbortSignal | undefined,
): Promise<StepOutcome> {
  const inner = new AbortController();
  let give: (reason: string) => void = () => undefined;
  // Raced as well as signalled: an apply that ignores its signal still cannot hold the step.
  const limit = new Promise<StepOutcome>((resolve) => {
    give = (reason) => {
      inner.abort();
      resolve({ ok: false, reason });
    };
  });
  const onAbort = (): void => give('the apply was stopped before it finished');
  const timer = setTimeout(
    () =>
      give(
        `the manifest was not applied within ${formatDuration(timeoutMs)}: is the API server answering? (more time: {apply timeout=…})`,
      ),
    timeoutMs,
  );
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([deps.apply(manifest, { signal: inner.signal }), limit]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

function lastLines(output: string, n: number): string {
  const lines = output
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
  return lines.length
    ? `\n${lines
        .slice(-n)
        .map((l) => `  ${l}`)
        .join('\n')}`
    : '';
}

/** ${NAME} replaced in every string of a parsed body (action parameters, check specs). */
export function substituteDeep<T>(v: T, vars: Readonly<Record<string, string>>): T;
export function substituteDeep(v: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof v === 'string') return substitute(v, vars).text;
  if (Array.isArray(v)) return v.map((x) => substituteDeep(x, vars));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substituteDeep(x, vars)]));
  return v;
}
