// Runs one step of any kind and says whether it passed. Failures are values
// with a reason a learner can act on.
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { CheckSpec } from '../lesson/check-model.js';
import { formatDuration } from '../lesson/duration.js';
import type { ActionName, Step } from '../lesson/model.js';
import { substitute } from '../lesson/variables.js';
import { isRunning, type Supervisor } from '../terminal/types.js';
import { runCheck } from '../verify/run-check.js';
import type { Observer } from '../verify/types.js';
import { startComponent } from './component-step.js';
import type { NodeRoom } from './nodes.js';
import type { FailedCommand } from './osc133.js';
import type { LearnerShell } from './shell.js';

export type StepOutcome =
  { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly reason: string };

export interface ActionContext {
  readonly workspace: string;
  readonly vars: Readonly<Record<string, string>>;
}
export type ActionRunner = (params: unknown, ctx: ActionContext) => Promise<StepOutcome>;

export interface StepDeps {
  readonly workspace: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly supervisor: Supervisor;
  readonly shell: LearnerShell;
  /** The workshop's nodes and root; absent in tests of the pure engine. */
  readonly nodes?: NodeRoom;
  readonly observerFor: (spec: CheckSpec) => Observer;
  readonly actions: Readonly<Partial<Record<ActionName, ActionRunner>>>;
  readonly apply: (manifest: string) => Promise<StepOutcome>;
  /** Called while a check or probe waits, with live progress. */
  readonly onWaiting?: (waiting: string, progress: string | undefined) => void;
}

export const DEFAULT_TIMEOUT_MS = {
  shell: 120_000,
  component: 60_000,
  check: 60_000,
  apply: 30_000,
} as const;

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
      if (unknown.length)
        return { ok: false, reason: `unknown variables: ${unknown.map((u) => `\${${u}}`).join(', ')}` };
      const target = path.join(deps.workspace, step.path);
      await writeFileAtomic(target, text, { mode: step.mode });
      return {
        ok: true,
        detail: `wrote ${step.path} (${text.length} bytes, mode ${step.mode.toString(8).padStart(4, '0')})`,
      };
    }
    case 'apply':
      return deps.apply(sub(step.body));
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
    case 'check': {
      // A check names nodes, namespaces or files through ${VARIABLES} too.
      const spec = substituteDeep(step.check, deps.vars);
      const status = await runCheck(deps.observerFor(spec), {
        waiting: spec.waiting,
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
      return status.kind === 'passed'
        ? { ok: true, detail: status.detail }
        : { ok: false, reason: status.kind === 'failed' ? status.reason : 'the check did not finish' };
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
