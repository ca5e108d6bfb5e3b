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

  it('keeps an unreadable file aside instead of losing it, and says so once it is opened', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'progress.json'), '{not json');
    const s = await ProgressStore.open(dir, '/l');
    expect(s.notices).toEqual([
      expect.stringMatching(
        /^your progress file was not in the shape demystify writes \(not JSON .*\): it is kept as .*progress\.json\.unreadable-\d+, and progress starts afresh$/,
      ),
    ]);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('progress.json.unreadable-'))).toBe(true);
  });

  it('sets aside a file of the wrong shape instead of failing on it later', async () => {
    const dir = tmp();
    // JSON, version 1, but a workshop whose chapters are not a map: main threw on the first step.
    const file = path.join(dir, 'progress.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ version: 1, workshops: { '/l': { current: 'a', chapters: null } } }),
    );
    const s = await ProgressStore.open(dir, '/l');
    expect(s.notices[0]).toMatch(
      /^your progress file was not in the shape demystify writes \(workshops\.\/l\.chapters: /,
    );
    expect(await s.read()).toEqual({ current: undefined, chapters: {} });
    await s.stepPassed('a', '1');
    expect((await s.read()).chapters.a?.passed).toEqual(['1']);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('progress.json.unreadable-'))).toHaveLength(1);
  });
});
