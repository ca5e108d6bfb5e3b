// Progress, checkpoints and the workspace belong to a workshop's identity
// (workshop.yaml's id), not to the folder it happens to be installed in: npx,
// npx @latest and a global install resume the same progress, progress kept
// under the old key (the lessons folder's path) moves once, silently, and
// another workshop gets a workspace and progress of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtinWorkshopId,
  packageRoot,
  resolveFlags,
  workshopKey,
  workshopPaths,
} from '../../src/commands/options.js';
import { CheckpointStore } from '../../src/engine/checkpoint/checkpoint-store.js';
import { ProgressStore } from '../../src/engine/progress.js';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `demystify-${name}-`));
const npxA = '/home/ada/.npm/_npx/0a1b2c/node_modules/demystify/lessons';
const npxB = '/home/ada/.npm/_npx/9f8e7d/node_modules/demystify/lessons';

function progressFile(dir: string, workshops: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, 'progress.json'), JSON.stringify({ version: 1, workshops }));
}
const chapter = (at: string) => ({ passed: ['1'], completed: true, updatedAt: at });

describe("the built-in workshop's identity", () => {
  it('is the id of its workshop.yaml, whichever way it was given', () => {
    const env = { XDG_DATA_HOME: '/data', XDG_STATE_HOME: '/state' };
    const byDefault = resolveFlags({}, env);
    const byFolder = resolveFlags({ lessons: packageRoot }, env);
    const byLessons = resolveFlags({ lessons: path.join(packageRoot, 'lessons') }, env);
    expect(byDefault.identity.id).toBe('demystify-kubernetes');
    expect(builtinWorkshopId()).toBe('demystify-kubernetes');
    for (const r of [byFolder, byLessons]) {
      expect(r.identity.id).toBe(byDefault.identity.id);
      expect(r.lessonsDir).toBe(byDefault.lessonsDir);
      expect(r.workspace).toBe('/data/demystify/workspace');
    }
    expect(byDefault.identity.tagline).toBe(
      'build a Kubernetes cluster by hand, one real component at a time',
    );
  });

  it('takes over the progress an npx install kept under its folder, once and silently', async () => {
    const dir = tmp('state');
    // Two earlier npx runs (the later one used last), and another workshop's progress.
    progressFile(dir, {
      [npxA]: { current: 'etcd', chapters: { etcd: chapter('2025-01-02T00:00:00Z') } },
      [npxB]: { current: 'pki', chapters: { pki: chapter('2025-01-01T00:00:00Z') } },
      '/home/ada/mine/lessons': { current: 'x', chapters: {} },
    });
    const key = workshopKey(resolveFlags({}, { XDG_STATE_HOME: dir }));
    const store = await ProgressStore.open(dir, key);
    expect(await store.read()).toMatchObject({ current: 'etcd', chapters: { etcd: { completed: true } } });
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8')) as {
      workshops: Record<string, unknown>;
    };
    expect(Object.keys(file.workshops).sort()).toEqual(['/home/ada/mine/lessons', 'demystify-kubernetes']);
    // Once: progress made since is not replaced by an old key that turns up again.
    await store.stepPassed('pki', '1');
    progressFile(dir, { ...file.workshops, [npxB]: { current: 'old', chapters: {} } });
    expect((await (await ProgressStore.open(dir, key)).read()).current).toBe('etcd');
  });

  it('takes over the checkpoints kept for the same workspace under its folder', async () => {
    const state = tmp('state');
    const ws = tmp('ws');
    const old = path.join(state, 'checkpoints', '0123456789abcdef');
    fs.mkdirSync(path.join(old, 'etcd'), { recursive: true });
    fs.writeFileSync(path.join(old, 'workshop.json'), JSON.stringify({ lessonsDir: npxA, workspace: ws }));
    fs.writeFileSync(
      path.join(old, 'etcd', 'checkpoint.json'),
      JSON.stringify({ version: 1, chapterId: 'etcd' }),
    );
    const key = workshopKey(resolveFlags({}, { XDG_STATE_HOME: state }));
    const store = await CheckpointStore.open(state, key, ws);
    expect((await store.list()).map((c) => c.chapterId)).toEqual(['etcd']);
    expect(fs.existsSync(old)).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(store.root, 'workshop.json'), 'utf8'))).toEqual({
      workshop: 'demystify-kubernetes',
      workspace: ws,
    });
  });
});

describe("another workshop's identity", () => {
  it('gives it its own workspace and its own progress', async () => {
    const env = { XDG_DATA_HOME: '/data' };
    const own = resolveFlags({ lessons: 'test/fixtures/workshop-translated' }, env);
    expect(own.identity).toMatchObject({ id: 'translated-fixture', title: 'A translated workshop' });
    expect(own.workspace).toBe('/data/demystify/workshops/translated-fixture/workspace');
    expect(own.assetsDir).toBe(path.resolve('test/fixtures/workshop-translated/assets'));
    const dir = tmp('state');
    await (await ProgressStore.open(dir, workshopKey(own))).stepPassed('hello', '1');
    const builtin = await ProgressStore.open(dir, workshopKey(resolveFlags({}, env)));
    expect(await builtin.read()).toEqual({ current: undefined, chapters: {} });
  });

  it('without a workshop.yaml is known by its lessons folder, as before', () => {
    const r = resolveFlags({ lessons: 'test/fixtures/workshop-basic' }, { XDG_DATA_HOME: '/data' });
    expect(r.identity.id).toBe(path.resolve('test/fixtures/workshop-basic'));
    expect(r.identity.title).toBe('workshop-basic');
    expect(r.workspace).toMatch(/^\/data\/demystify\/workshops\/workshop-basic-[0-9a-f]{8}\/workspace$/);
    // Its lessons folder is the folder given; assets fall back to demystify's own.
    expect(workshopPaths('test/fixtures/workshop-basic')).toEqual({
      workshopDir: path.resolve('test/fixtures'),
      lessonsDir: path.resolve('test/fixtures/workshop-basic'),
      assetsDir: path.join(packageRoot, 'assets'),
      manifest: undefined,
    });
  });
});
