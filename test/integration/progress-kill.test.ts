// @module-tag isolated (no fixed port, no node network, no host state)
// Killing demystify while it saves progress leaves the previous or the new
// progress, never a broken file.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressStore } from '../../src/engine/progress.js';

describe('progress under SIGKILL', () => {
  it('is always readable after a kill mid-write, and keeps every completed write', async () => {
    if (!fs.existsSync('dist/engine/progress.js'))
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-progress-'));
    let kills = 0;
    // Kills that landed while a temp file existed: proof the test hit the window it is about.
    let midWrite = 0;
    for (let round = 0; round < 25; round++) {
      const child = execa('node', ['test/fixtures/progress/writer.mjs', dir, 'lessons-x'], { reject: false });
      let confirmed = -1;
      let writing: () => void = () => undefined;
      const firstWrite = new Promise<void>((resolve) => (writing = resolve));
      child.stdout?.on('data', (d: Buffer) => {
        const last = d.toString().trim().split('\n').at(-1);
        if (last) confirmed = Number(last);
        writing();
      });
      // The kill lands inside the write loop, at a different point each round: counted
      // from the first finished write, not from the start of a node that a loaded
      // machine may take longer to start than any fixed delay.
      await Promise.race([firstWrite, child]);
      await new Promise((r) => setTimeout(r, (round * 37) % 200));
      child.kill('SIGKILL');
      await child;
      kills++;
      if (fs.readdirSync(dir).some((f) => f.endsWith('.tmp'))) midWrite++;
      const store = await ProgressStore.open(dir, 'lessons-x');
      const { progress, warning } = await store.readAll();
      expect(warning).toBeUndefined();
      const w = Object.values(progress.workshops)[0];
      // Every write the child reported as finished is on disk; a later one may be too.
      const passed = Object.values(w?.chapters ?? {}).flatMap((c) => c.passed);
      const highest = Math.max(-1, ...passed.map((id) => Number(/^step-(\d+)-/.exec(id)?.[1] ?? -1)));
      expect(highest).toBeGreaterThanOrEqual(confirmed);
      // Start the next round afresh so files stay small and kills land at different points.
      await store.reset();
    }
    expect(kills).toBe(25);
    expect(midWrite).toBeGreaterThan(0);
    // Temp files of killed writers are swept by the next open.
    await ProgressStore.open(dir, 'lessons-x');
    expect(fs.readdirSync(dir).filter((f) => f !== 'progress.json')).toEqual([]);
  });
});
