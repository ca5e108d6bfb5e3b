// A short soak: the UI with panes streaming at full speed for two minutes
// (bench/render-soak.mjs runs ten by hand). Memory rises and falls with the
// garbage collector; what must not rise is the level it falls back to.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

interface SoakResult {
  readonly heapFloors: readonly number[];
  readonly rssFloors: readonly number[];
  readonly rssMax: number;
}

describe('the UI under streaming panes', () => {
  it('does not keep growing its memory', () => {
    if (!fs.existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first');
    const out = execFileSync('node', ['bench/render-soak.mjs', '--minutes', '2', '--rate', '0', '--json'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as SoakResult;
    const [a = 0, b = 0, c = 0, d = 0] = result.heapFloors;
    // The later half's floor stays near the earlier half's (a leak would add tens of MiB a minute here).
    expect(Math.min(c, d) - Math.min(a, b)).toBeLessThan(30);
    const [r0 = 0, r1 = 0, r2 = 0, r3 = 0] = result.rssFloors;
    expect(Math.min(r2, r3) - Math.min(r0, r1)).toBeLessThan(60);
  });
});
