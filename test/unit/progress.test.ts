import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressStore } from '../../src/engine/progress.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-progress-unit-'));

describe('progress store', () => {
  it('resumes where the learner left off, per workshop folder', async () => {
    const dir = tmp();
    const a = await ProgressStore.open(dir, '/lessons/a');
    await a.stepPassed('etcd', '1');
    await a.stepPassed('etcd', '2');
    await a.stepPassed('etcd', '2');
    const b = await ProgressStore.open(dir, '/lessons/b');
    await b.chapterCompleted('intro');
    const again = await ProgressStore.open(dir, '/lessons/a');
    expect(await again.read()).toMatchObject({
      current: 'etcd',
      chapters: { etcd: { passed: ['1', '2'], completed: false } },
    });
    expect((await b.read()).chapters.intro?.completed).toBe(true);
  });

  it('resets one chapter or everything', async () => {
    const dir = tmp();
    const s = await ProgressStore.open(dir, '/l');
    await s.stepPassed('a', '1');
    await s.stepPassed('b', '1');
    expect(Object.keys((await s.reset('a')).chapters)).toEqual(['b']);
    await s.reset();
    expect(await s.read()).toEqual({ current: undefined, chapters: {} });
  });

  it('keeps an unreadable file aside instead of losing it', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'progress.json'), '{not json');
    const s = await ProgressStore.open(dir, '/l');
    const { warning } = await s.readAll();
    expect(warning).toMatch(/kept it as .*progress\.json\.unreadable-\d+/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('progress.json.unreadable-'))).toBe(true);
  });
});
