// Host state that outlives a component: containerd's shims and their
// containers, pod network namespaces, bridges, iptables rules, kernel
// settings. A chapter names a script (front matter `teardown:`) that undoes
// it; when a session that started that chapter's components closes — by
// quitting, Ctrl-C, a signal or a crash — the script runs after every
// component stopped. The scripts are idempotent, so running one after the
// workshop's own cleanup chapter does no harm.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Workshop } from '../lesson/model.js';
import type { Supervisor } from '../terminal/types.js';

export interface TeardownPlan {
  /** Absolute path of the script. */
  readonly script: string;
  /** Panes whose start makes the script necessary. */
  readonly panes: readonly string[];
}

export function teardownPlans(workshop: Workshop, assetsDir: string): TeardownPlan[] {
  return workshop.chapters.flatMap((c) =>
    c.meta.teardown ? [{ script: path.join(assetsDir, c.meta.teardown), panes: c.starts }] : [],
  );
}

/** Remembers which plans this session made necessary, and runs them. */
export class Teardowns {
  private readonly needed = new Set<TeardownPlan>();

  constructor(
    private readonly plans: readonly TeardownPlan[],
    supervisor: Supervisor,
  ) {
    supervisor.onStart((c) => {
      for (const p of plans) if (p.panes.includes(c.name)) this.needed.add(p);
    });
  }

  /** Runs each needed script once (bash, the session's environment); output goes to `log`. */
  async run(env: Readonly<Record<string, string>>, cwd: string, log: string): Promise<string[]> {
    const problems: string[] = [];
    for (const plan of [...this.plans].reverse()) {
      if (!this.needed.has(plan)) continue;
      this.needed.delete(plan);
      const { execa } = await import('execa'); // loaded at the end, not at start-up
      const res = await execa('bash', [plan.script], {
        env,
        extendEnv: false,
        cwd,
        reject: false,
        all: true,
        timeout: 120_000,
        stdin: 'ignore',
      });
      await fs
        .appendFile(
          log,
          `== ${new Date().toISOString()} ${plan.script} (exit ${res.exitCode ?? 'none'})\n${res.all ?? ''}\n`,
        )
        .catch(() => undefined);
      if (res.exitCode !== 0)
        problems.push(`${path.basename(plan.script)} failed (exit ${res.exitCode ?? 'none'}); see ${log}`);
    }
    return problems;
  }
}
