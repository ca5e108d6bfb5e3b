// Deciding when a component is ready, and answering waitReady(). Probing starts
// with the component, not with the first waitReady() call, so a log line
// printed early still counts and the state turns "ready" even if nobody waits.
import { sleep } from './process-family.js';
import { describeProbe, lineMatcher, probeOnce, type PollProbe } from './probes.js';
import type { ComponentSpec, ComponentState, ReadyResult } from './types.js';

export const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** One probe attempt may take this long (a server that accepts and then hangs). */
const ATTEMPT_TIMEOUT_MS = 2_000;
const POLL_MS: Record<PollProbe['kind'], number> = { tcp: 50, https: 100 };
/** After the deadline nobody is waiting eagerly; keep watching, gently, so a slow start still turns "ready". */
const LATE_POLL_MS = 1_000;
const LAST_LINES = 20;

export interface ReadinessHooks {
  ready(): void;
  recentLines(max: number): string[];
  onState(listener: (state: ComponentState) => void): () => void;
}

export class ReadinessTracker {
  private readonly deadline: number;
  private readonly timeoutMs: number;
  private match: ((line: string) => boolean) | undefined;
  private lastDetail: string | undefined;

  constructor(
    private readonly spec: ComponentSpec,
    private readonly state: () => ComponentState,
    private readonly hooks: ReadinessHooks,
  ) {
    this.timeoutMs = spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    this.deadline = Date.now() + this.timeoutMs;
  }

  begin(): void {
    const probe = this.spec.ready;
    if (!probe) this.hooks.ready();
    else if (probe.kind === 'log') this.match = lineMatcher(probe.pattern);
    else void this.poll(probe);
  }

  /** Fed with each batch of completed lines and the unfinished one (a prompt has no newline). */
  lines(done: readonly string[], partial: string): void {
    const match = this.match;
    if (!match || this.state().kind !== 'starting') return;
    if (done.some(match) || (partial !== '' && match(partial))) {
      this.match = undefined;
      this.hooks.ready();
    }
  }

  wait(signal?: AbortSignal): Promise<ReadyResult> {
    return new Promise((resolve) => {
      const cleanups: (() => void)[] = [];
      let settled = false;
      const finish = (result: ReadyResult): void => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        resolve(result);
      };
      const fail = (
        reason: string,
        lastLines: readonly string[] = this.hooks.recentLines(LAST_LINES),
      ): void => finish({ ok: false, reason, lastLines });
      const check = (state: ComponentState): void => {
        if (state.kind === 'ready') finish({ ok: true });
        else if (state.kind === 'stopped') fail(`${this.spec.name} was stopped before it was ready`);
        else if (state.kind !== 'starting') fail(endedReason(this.spec.name, state), state.lastLines);
      };
      check(this.state());
      if (settled) return;
      if (signal?.aborted) return fail(`stopped waiting for ${this.spec.name}`);
      cleanups.push(this.hooks.onState(check));
      const timer = setTimeout(() => fail(this.timeoutReason()), Math.max(0, this.deadline - Date.now()));
      cleanups.push(() => clearTimeout(timer));
      if (signal) {
        const onAbort = (): void => fail(`stopped waiting for ${this.spec.name}`);
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
    });
  }

  private timeoutReason(): string {
    const probe = this.spec.ready;
    const what = probe ? describeProbe(probe) : 'no probe';
    const last = this.lastDetail ? ` (last attempt: ${this.lastDetail})` : '';
    return `${this.spec.name} was not ready after ${seconds(this.timeoutMs)}: ${what}${last}`;
  }

  private async poll(probe: PollProbe): Promise<void> {
    while (this.state().kind === 'starting') {
      const attempt = await probeOnce(probe, ATTEMPT_TIMEOUT_MS).catch((error: unknown) => ({
        ok: false as const,
        detail: String(error),
      }));
      if (this.state().kind !== 'starting') return;
      if (attempt.ok) return this.hooks.ready();
      this.lastDetail = attempt.detail;
      await sleep(Date.now() < this.deadline ? POLL_MS[probe.kind] : LATE_POLL_MS);
    }
  }
}

function endedReason(name: string, state: Extract<ComponentState, { kind: 'exited' | 'crashed' }>): string {
  if (state.kind === 'crashed' && state.signal !== null)
    return `${name} was killed by ${state.signal} before it was ready`;
  return `${name} exited with status ${state.code ?? '?'} before it was ready`;
}

/** 60000 -> "60 s", 1500 -> "1.5 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
