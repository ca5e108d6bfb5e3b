// "What broke since": which checks are kept after their chapter, and the
// watcher reporting one that turned false (after its grace period), clearing
// it when it is true again, and pausing in a chapter that stops components.
// Observers are stand-ins whose truth the test sets: this is about the
// watcher, the checks themselves are tested against real components elsewhere.
import { describe, expect, it } from 'vitest';
import { KeepWatching, isKept, type BrokenCheck } from '../../src/engine/keep-watching.js';
import type { StepDeps } from '../../src/engine/run-step.js';
import type { CheckStep, Chapter } from '../../src/lesson/model.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';

const chapter = (id: string, body: string): Chapter => {
  const { chapter: c, issues } = parseChapter(`${id}.md`, `---\nid: ${id}\ntitle: ${id}\n---\n${body}`);
  if (!c) throw new Error(issues.map((i) => i.message).join('\n'));
  return c;
};
const check = (id: string, yaml: string): string => `\`\`\`yaml {check id=${id}}\n${yaml}\n\`\`\`\n`;

const apiserver = chapter(
  'apiserver',
  check('ready', 'api: readyz') +
    check('demo', 'resource: {apiVersion: v1, kind: ConfigMap, namespace: default, name: demo}') +
    check('svc', 'resource: {apiVersion: v1, kind: Service, namespace: default, name: web}\nkeep: true') +
    check(
      'quiet',
      'resource: {apiVersion: v1, kind: Pod, namespace: default, selector: app=web}\ncount: 0\nhold: 2s',
    ) +
    check('no-etcd-kept', 'etcd: health\nkeep: false'),
);
const cleanup = chapter('cleanup', '```sh {stop=kube-apiserver}\n```\n');
const later = chapter('later', 'Nothing to stop here.\n\n```sh\ntrue\n```\n');

describe('kept checks', () => {
  it('keeps the health checks and those marked keep, not a hold or an ordinary resource check', () => {
    const kept = apiserver.steps
      .filter((s): s is CheckStep => s.kind === 'check' && isKept(s.check))
      .map((s) => s.id);
    expect(kept).toEqual(['ready', 'svc']);
  });

  it('lint refuses keep on a check that cannot stay true', () => {
    const { issues } = parseChapter(
      'x.md',
      `---\nid: x\ntitle: x\n---\n${check('q', 'resource: {apiVersion: v1, kind: Pod, namespace: default, selector: app=web}\ncount: 0\nhold: 2s\nkeep: true')}`,
    );
    expect(issues.map((i) => i.message)).toEqual([
      'a check with hold says "nothing happens yet": that cannot stay true, so it cannot be kept',
    ]);
  });
});

describe('KeepWatching', () => {
  const truth = new Map<string, boolean>();
  const deps = {
    vars: {},
    env: {},
    observerFor: (spec: CheckStep['check']) => ({
      pollMs: 10,
      observe: async () => {
        const key = spec.waiting;
        return truth.get(key) === false ? { ok: false, reason: `${key}: not any more` } : { ok: true };
      },
    }),
  } as unknown as StepDeps;
  const waitingOf = (id: string): string =>
    (apiserver.steps.find((s) => s.id === id) as CheckStep).check.waiting;
  const until = (
    k: KeepWatching,
    ok: (b: readonly BrokenCheck[]) => boolean,
  ): Promise<readonly BrokenCheck[]> =>
    new Promise((resolve) => {
      if (ok(k.broken())) return resolve(k.broken());
      const off = k.subscribe((b) => ok(b) && (off(), resolve(b)));
    });

  it('reports a kept check of a passed chapter once it stays false, and clears it when it is true again', async () => {
    truth.clear();
    const k = new KeepWatching(deps, { graceMs: 60, pollMs: 20 });
    k.follow([apiserver], later);
    truth.set(waitingOf('svc'), false);
    truth.set(waitingOf('demo'), false); // not kept: never reported
    const broken = await until(k, (b) => b.length > 0);
    expect(broken).toEqual([
      {
        chapterId: 'apiserver',
        stepId: 'svc',
        what: 'waiting for Service web',
        reason: 'waiting for Service web: not any more',
        since: expect.any(Number),
      },
    ]);
    truth.set(waitingOf('svc'), true);
    expect(await until(k, (b) => b.length === 0)).toEqual([]);
    k.close();
  });

  it('does not report a check that is false for less than the grace period (a restart)', async () => {
    truth.clear();
    const k = new KeepWatching(deps, { graceMs: 10_000, pollMs: 10 });
    k.follow([apiserver], later);
    truth.set(waitingOf('ready'), false);
    await new Promise((r) => setTimeout(r, 100));
    expect(k.broken()).toEqual([]);
    k.close();
  });

  it('pauses in a chapter that stops components', async () => {
    truth.clear();
    const k = new KeepWatching(deps, { graceMs: 20, pollMs: 10 });
    truth.set(waitingOf('ready'), false);
    k.follow([apiserver, later], cleanup);
    await new Promise((r) => setTimeout(r, 100));
    expect(k.broken()).toEqual([]);
    k.close();
  });
});
