// WorkshopController, the learner's flow in the UI, on a real session (a real
// bash, real command checks, a real checkpoint store) over a fixture
// workshop: checks gate the way on and start by themselves, nothing moves
// while a step runs, entering a chapter from a true start saves a checkpoint,
// and the chapter's variables reach what the learner types.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/engine/checkpoint/checkpoint-store.js';
import { Checkpoints } from '../../src/engine/checkpoint/checkpoints.js';
import { WorkshopController, type ControllerState } from '../../src/engine/controller.js';
import { ProgressStore } from '../../src/engine/progress.js';
import type { Session } from '../../src/engine/session.js';
import type { Workshop } from '../../src/lesson/model.js';
import { until } from '../helpers/controller-until.js';
import { openFixtureSession, type FixtureSession } from '../helpers/fixture-session.js';

const lessons = 'test/fixtures/workshop-controller';
let fx: FixtureSession;
let home: string;
let ws: string;
let stateDir: string;
let session: Session;
let workshop: Workshop;
let controllers: WorkshopController[] = [];

beforeAll(async () => {
  fx = await openFixtureSession(lessons, 'demystify-ctl-');
  ({ home, ws, stateDir, session, workshop } = fx);
}, 30_000);

afterEach(() => {
  for (const c of controllers) c.stopChecks();
  controllers = [];
  for (const f of ['marks', 'opening']) fs.rmSync(path.join(ws, f), { recursive: true, force: true });
});

afterAll(async () => fx?.close());

async function controller(
  opts: { chapterId?: string; passed?: string[]; checkpoints?: Checkpoints; progressDir?: string } = {},
): Promise<{ c: WorkshopController; progress: ProgressStore }> {
  const progress = await ProgressStore.open(
    opts.progressDir ?? fs.mkdtempSync(path.join(home, 'p-')),
    lessons,
  );
  const c = new WorkshopController(workshop, session.deps, progress, opts, opts.checkpoints);
  controllers.push(c);
  return { c, progress };
}

async function eventually(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(ok()).toBe(true);
}

const statusOf = (s: ControllerState, id: string): string | undefined => s.run.steps[id]?.kind;

describe('WorkshopController', () => {
  it('a check must pass before the learner moves past it, and starts by itself when the cursor reaches it', async () => {
    const { c, progress } = await controller();
    expect(c.state().current?.id).toBe('make');
    await c.runCurrent();
    expect(statusOf(c.state(), 'make')).toBe('passed');
    // The cursor moved onto the check, which started without a key.
    const waiting = await until(c, (s) => statusOf(s, 'flag') === 'waiting');
    expect(waiting.current?.id).toBe('flag');
    const gate = 'this check has not passed yet: it gates the way on';
    expect(c.next()).toEqual({ ok: false, reason: gate });
    expect(c.state().notice).toBe(gate);
    // Stopping the check (as a chapter change does) leaves it unpassed: still no way on.
    c.stopChecks();
    await until(c, (s) => !s.busy);
    expect(c.next()).toEqual({ ok: false, reason: gate });
    // A waiting check does not hold the learner back: back stops it and moves.
    expect(c.next()).toEqual({ ok: false, reason: gate });
    expect(c.back()).toEqual({ ok: true });
    expect(c.next()).toEqual({ ok: true });
    await until(c, (s) => statusOf(s, 'flag') === 'waiting');
    expect(c.back()).toEqual({ ok: true });
    await until(c, (s) => s.current?.id === 'make' && !s.busy);
    expect(c.next()).toEqual({ ok: true });
    await until(c, (s) => statusOf(s, 'flag') === 'waiting');
    fs.writeFileSync(path.join(ws, 'marks', 'flag'), '');
    const passed = await until(c, (s) => statusOf(s, 'flag') === 'passed');
    expect(passed.current?.id).toBe('slow');
    // Saved right after the event that moved the cursor.
    for (let i = 0; i < 100 && (await progress.read()).chapters.gate?.passed.length !== 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await progress.read()).chapters.gate?.passed).toEqual(['make', 'flag']);
  }, 40_000);

  it('refuses to move, jump or reset while a step runs, and runs a step only once', async () => {
    const { c } = await controller({ passed: ['make', 'flag'] });
    expect(c.state().current?.id).toBe('slow');
    const running = c.runCurrent();
    await until(c, (s) => s.busy);
    const busy = 'wait for the current step to finish';
    expect(c.next()).toEqual({ ok: false, reason: busy });
    expect(c.back()).toEqual({ ok: false, reason: busy });
    expect(await c.jumpTo('entry')).toEqual({ ok: false, reason: busy });
    await c.runCurrent(); // ignored: one step at a time
    await c.resetChapter(); // ignored while busy
    expect(c.state().chapter.meta.id).toBe('gate');
    await running;
    expect(statusOf(c.state(), 'slow')).toBe('passed');
    expect(c.state().current).toBeUndefined();
    expect(c.next()).toEqual({ ok: false, reason: 'this is the end of the chapter: pick the next chapter' });
  }, 30_000);

  it('starts a chapter’s opening check by itself on entry, and passes it when it comes true', async () => {
    const { c } = await controller({ chapterId: 'entry' });
    await until(c, (s) => statusOf(s, 'opening') === 'waiting');
    // A jump away and back stops the waiting check rather than being refused.
    expect(await c.jumpTo('gate')).toEqual({ ok: true });
    expect(c.state().chapter.meta.id).toBe('gate');
    expect(await c.jumpTo('entry')).toEqual({ ok: true });
    await until(c, (s) => statusOf(s, 'opening') === 'waiting');
    fs.writeFileSync(path.join(ws, 'opening'), '');
    const s = await until(c, (x) => statusOf(x, 'opening') === 'passed');
    expect(s.current?.id).toBe('after');
  }, 30_000);

  it('gives the learner’s shell the chapter’s variables, for what they type by hand too', async () => {
    await controller();
    const varsFile = path.join(stateDir, 'shell-chapter-vars');
    await eventually(() => fs.existsSync(varsFile) && fs.readFileSync(varsFile, 'utf8').includes('GREETING'));
    const out = path.join(ws, 'typed');
    // Typed as a learner would: straight into the shell's pty, not through a step.
    const done = new Promise<void>((resolve) => {
      const off = session.shell.onMark((m) => {
        if (m.kind === 'done') {
          off();
          resolve();
        }
      });
    });
    session.shell.component.write(`echo "$GREETING $MARK" > ${out}\r`);
    await done;
    expect(fs.readFileSync(out, 'utf8')).toBe(`hello ${ws}/marks\n`);
    // Another chapter without vars: the variables are gone from the shell.
    const res = await session.shell.run('test -z "$GREETING"', 5000);
    expect(res).toMatchObject({ kind: 'done', status: 1 });
    const { c } = await controller({ chapterId: 'entry' });
    await until(c, (s) => statusOf(s, 'opening') === 'waiting');
    expect(await session.shell.run('test -z "$GREETING"', 5000)).toMatchObject({ kind: 'done', status: 0 });
  }, 30_000);

  it('saves a checkpoint on entering a chapter from a true start, and only then', async () => {
    const store = await CheckpointStore.open(stateDir, lessons, ws);
    const checkpoints = new Checkpoints({ store, workshop, deps: session.deps, stateDir });
    const progressDir = fs.mkdtempSync(path.join(home, 'p-'));
    const { c, progress } = await controller({ checkpoints, progressDir });
    // The first chapter is not complete: entering the second is no true start.
    expect(await c.jumpTo('entry')).toEqual({ ok: true });
    expect(await checkpoints.find('entry')).toBeUndefined();
    await progress.chapterCompleted('gate');
    // Steps of the chapter already passed: its start is behind us, no checkpoint either.
    await progress.stepPassed('entry', 'opening');
    expect(await c.jumpTo('entry')).toEqual({ ok: true });
    expect(await checkpoints.find('entry')).toBeUndefined();
    await progress.reset('entry');
    const saving = c.jumpTo('entry');
    // Busy while saving: nothing may change the cluster under the snapshot.
    await until(c, (s) => s.notice === 'saving a checkpoint of the start of entry…');
    expect(c.next()).toEqual({ ok: false, reason: 'wait for the current step to finish' });
    expect(await saving).toEqual({ ok: true });
    expect(await checkpoints.find('entry')).toBeDefined();
  }, 40_000);

  it('a {wire} step opens the wire view on its components; leaving a step closes its window of the audit trail', async () => {
    const { c } = await controller();
    expect(c.state().wire).toEqual({ open: false, who: [] });
    const before = Date.now();
    await c.runCurrent();
    const s = c.state();
    expect(s.wire).toEqual({ open: true, who: ['you'] });
    expect(s.lastStep?.stepId).toBe('make');
    expect(s.lastStep!.from).toBeLessThanOrEqual(before);
    expect(s.lastStep!.to).toBeGreaterThanOrEqual(before);
    c.toggleWire();
    expect(c.state().wire).toEqual({ open: false, who: ['you'] });
    c.showWireOf(['scheduler']);
    expect(c.state().wire).toEqual({ open: true, who: ['scheduler'] });
  });
});
