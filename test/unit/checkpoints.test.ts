// Checkpoints of a live session on a fixture workshop (no Kubernetes): real
// bash panes, a real learner shell, a real workspace. Saved at each chapter
// start, restored, and reached again by reachChapterStart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChapter } from '../../src/engine/chapter-runner.js';
import { CheckpointStore } from '../../src/engine/checkpoint/checkpoint-store.js';
import { Checkpoints } from '../../src/engine/checkpoint/checkpoints.js';
import { runHeadless } from '../../src/engine/headless.js';
import { reachChapterStart, type ReachEvent } from '../../src/engine/reach-chapter.js';
import type { Session } from '../../src/engine/session.js';
import { chapterDone } from '../../src/engine/step-status.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { openFixtureSession, type FixtureSession } from '../helpers/fixture-session.js';

const lessons = 'test/fixtures/workshop-replay';
let home: string;
let ws: string;
let stateDir: string;
let session: Session;
let workshop: Workshop;
let checkpoints: Checkpoints;

const chapter = (id: string) => workshop.chapters.find((c) => c.meta.id === id)!;
const running = () =>
  session.supervisor
    .list()
    .filter((c) => c.state().kind === 'ready' || c.state().kind === 'starting')
    .map((c) => c.name)
    .sort();
const files = () => fs.readdirSync(path.join(ws, 'configs')).sort();

let fx: FixtureSession;

beforeAll(async () => {
  fx = await openFixtureSession(lessons, 'demystify-cp-');
  ({ home, ws, stateDir, session, workshop } = fx);
  const store = await CheckpointStore.open(stateDir, lessons, ws);
  checkpoints = new Checkpoints({ store, workshop, deps: session.deps, stateDir });
  const result = await runHeadless(workshop.chapters, {
    deps: session.deps,
    write: () => undefined,
    color: false,
    hooks: { beforeChapter: async (c) => void (await checkpoints.save(c.meta.id)) },
  });
  expect(result.failed).toBe(0);
}, 60_000);

afterAll(async () => fx?.close());

describe('checkpoints of a fixture workshop', () => {
  it('saves the workspace, the running components with their specs, and the shell exports', async () => {
    expect((await checkpoints.store.list()).map((c) => c.chapterId).sort()).toEqual([
      'first',
      'second',
      'third',
    ]);
    const third = (await checkpoints.find('third'))!;
    const m = third.manifest;
    expect(m.components.map((c) => c.name)).toEqual(['ticker', 'other']);
    expect(m.components[0]).toMatchObject({
      command: `bash -c 'mkdir -p "$2"; echo ticker ready; exec sleep 1000' ticker --root-dir "$WORKSPACE/runtime"`,
      cwd: ws,
      envSet: {},
      ready: { kind: 'log', pattern: '^ticker ready$', flags: '' },
    });
    expect(m.shell).toEqual({ cwd: path.join(ws, 'notes'), set: { REPLAY_VAR: 'second' }, unset: [] });
    expect(m.etcd).toBeUndefined();
    expect(fs.readdirSync(path.join(third.dir, 'files')).sort()).toEqual(['configs', 'notes']);
    expect(fs.readdirSync(path.join(third.dir, 'files', 'configs')).sort()).toEqual(['a.txt', 'b.txt']);
    expect(m.stateDirs).toContain(path.join(ws, 'runtime'));
    // The first chapter's checkpoint is the empty workspace, before anything ran.
    const first = (await checkpoints.find('first'))!;
    expect(first.manifest.components).toEqual([]);
    expect(fs.readdirSync(path.join(first.dir, 'files'))).toEqual([]);
  });

  it('restores one: components, files and shell as at the start of its chapter', async () => {
    const tickerBefore = session.supervisor.get('ticker')!.pid;
    // The ticker's --root-dir: runtime state, neither copied nor deleted.
    fs.writeFileSync(path.join(ws, 'runtime', 'kept'), 'runtime state');
    const steps: string[] = [];
    const report = await checkpoints.restore('second', { onStep: (s) => steps.push(s.phase) });
    expect(report).toMatchObject({ ok: true });
    expect(steps).toEqual(['stop', 'files', 'start', 'shell']);
    expect(running()).toEqual(['shell', 'ticker']);
    expect(session.supervisor.get('ticker')!.pid).not.toBe(tickerBefore);
    expect(files()).toEqual(['a.txt']);
    expect(fs.readFileSync(path.join(ws, 'runtime', 'kept'), 'utf8')).toBe('runtime state');
    const env = (await session.deps.shell.exportedEnv())!;
    expect(env.REPLAY_VAR).toBe('first-2');
    expect(env.PWD).toBe(path.join(ws, 'notes'));
    // The chapter runs again as on its first run (its steps check the shell and the files).
    expect(chapterDone(await runChapter(chapter('second'), { deps: session.deps }))).toBe(true);
    expect(chapterDone(await runChapter(chapter('third'), { deps: session.deps }))).toBe(true);
  }, 30_000);

  it('reaches a chapter start from its checkpoint, or by fast-forwarding from an empty workspace', async () => {
    const events: ReachEvent[] = [];
    const viaCheckpoint = await reachChapterStart({
      workshop,
      chapterId: 'third',
      deps: session.deps,
      checkpoints,
      onEvent: (e) => events.push(e),
    });
    expect(viaCheckpoint).toMatchObject({ ok: true, restoredFrom: 'third', fastForwarded: [] });
    expect(running()).toEqual(['other', 'shell', 'ticker']);
    expect(files()).toEqual(['a.txt', 'b.txt']);

    events.length = 0;
    const fastForward = await reachChapterStart({
      workshop,
      chapterId: 'third',
      deps: session.deps,
      checkpoints,
      useCheckpoints: false,
      onEvent: (e) => events.push(e),
    });
    expect(fastForward).toMatchObject({
      ok: true,
      restoredFrom: undefined,
      fastForwarded: ['first', 'second'],
    });
    expect(events[0]).toEqual({
      kind: 'plan',
      target: 'third',
      restoreFrom: undefined,
      fastForward: ['first', 'second'],
    });
    expect(
      events
        .filter((e) => e.kind === 'checkpoint-saved')
        .map((e) => e.kind === 'checkpoint-saved' && e.chapterId),
    ).toEqual(['first', 'second', 'third']);
    expect(running()).toEqual(['other', 'shell', 'ticker']);
    expect(files()).toEqual(['a.txt', 'b.txt']);
    expect(chapterDone(await runChapter(chapter('third'), { deps: session.deps }))).toBe(true);
  }, 30_000);

  it('the empty checkpoint stops everything and empties the workspace but its runtime state', async () => {
    const report = await checkpoints.restore(undefined);
    expect(report.ok).toBe(true);
    expect(running()).toEqual(['shell']);
    // The workspace's marker stays: it is what lets a restore delete in here at all.
    expect(fs.readdirSync(ws).sort()).toEqual(['.demystify-workspace', 'runtime']);
    expect((await session.deps.shell.exportedEnv())?.REPLAY_VAR).toBeUndefined();
  });

  it('restores into nothing that is not a workspace: no marker, nothing deleted, nothing stopped', async () => {
    // A --workspace that named a folder of other things (a home folder, say) when demystify first used it.
    const elsewhere = path.join(home, 'not-a-workspace');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'thesis.tex'), 'years of work');
    const before = running();
    const wrong = new Checkpoints({
      store: checkpoints.store,
      workshop,
      deps: { ...session.deps, workspace: elsewhere },
      stateDir,
    });
    const report = await wrong.restore(undefined);
    expect(report).toMatchObject({
      ok: false,
      reason: `the checkpoint is not restored: ${elsewhere} has no .demystify-workspace file, so it is not a workspace demystify made (it held other things when it was first used)`,
    });
    expect(fs.readdirSync(elsewhere)).toEqual(['thesis.tex']);
    expect(running()).toEqual(before);
  });

  it('ignores a checkpoint whose earlier lessons changed', async () => {
    const copy = path.join(home, 'lessons');
    fs.cpSync(lessons, copy, { recursive: true });
    const changed = (await loadWorkshop(copy)).workshop;
    const store = await CheckpointStore.open(stateDir, lessons, ws);
    const same = new Checkpoints({ store, workshop: changed, deps: session.deps, stateDir });
    expect(await same.find('third')).toBeDefined();
    fs.appendFileSync(path.join(copy, '01-first.md'), '\nOne more sentence.\n');
    expect(await same.find('third')).toBeUndefined();
    expect(await same.find('first')).toBeDefined();
  });
});
