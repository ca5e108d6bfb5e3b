// Does the UI's memory grow while panes stream? Starts demystify on a
// 160x45 terminal with panes printing logs, samples its memory for a while,
// and fits a line through the second half of the samples (after warm-up).
//
//   npm run build && node bench/render-soak.mjs [--minutes 10] [--rate 1000] [--panes 3]
//
// RSS comes from /proc; the JS heap (after V8's own collections, so noisy)
// from the UI's stats file. "Steady growth" would show as a slope well above
// the noise, sample after sample.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readStats, rssMiB, startUi, stopUi } from './render.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MINUTES = arg('minutes', 10);
const RATE = arg('rate', 1000);
const PANES = arg('panes', 3);

/** The lowest value in each quarter: the level the garbage collector gets back to (the sawtooth's floor). */
function floors(samples, key) {
  const q = Math.max(1, Math.floor(samples.length / 4));
  return [0, 1, 2, 3].map((i) =>
    Math.min(...samples.slice(i * q, i === 3 ? undefined : (i + 1) * q).map((s) => s[key])),
  );
}

/** Least-squares slope, in units per minute. */
function slopePerMinute(samples, key) {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((s) => s.t / 60_000);
  const ys = samples.map((s) => s[key]);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

export async function soak({ minutes = MINUTES, rate = RATE, panes = PANES, log = console.log } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-soak-'));
  const ui = await startUi(dir, Math.round(rate / panes), panes);
  const statsFile = path.join(dir, 'ui-stats.json');
  const samples = [];
  const t0 = Date.now();
  const every = Math.max(1000, Math.min(10_000, (minutes * 60_000) / 60));
  while (Date.now() - t0 < minutes * 60_000) {
    await new Promise((r) => setTimeout(r, every));
    const stats = readStats(statsFile);
    const sample = {
      t: Date.now() - t0,
      rss: rssMiB(ui.pid),
      heap: (stats?.heapUsed ?? 0) / 1048576,
      frames: stats?.frames ?? 0,
    };
    samples.push(sample);
    log(
      `${(sample.t / 1000).toFixed(0).padStart(5)} s  RSS ${sample.rss.toFixed(1)} MiB  heap ${sample.heap.toFixed(1)} MiB  frames ${sample.frames}`,
    );
  }
  await stopUi(ui);
  fs.rmSync(dir, { recursive: true, force: true });
  const late = samples.slice(Math.floor(samples.length / 2));
  const warm = samples.slice(Math.ceil(samples.length / 10));
  const heapFloors = floors(warm, 'heap');
  const rssFloors = floors(warm, 'rss');
  const result = {
    minutes,
    samples: samples.length,
    rssFirst: samples[0]?.rss,
    rssLast: samples.at(-1)?.rss,
    rssMax: Math.max(...samples.map((s) => s.rss)),
    rssSlope: slopePerMinute(late, 'rss'),
    heapSlope: slopePerMinute(late, 'heap'),
    heapFloors,
    rssFloors,
    /** Growth of the post-collection floor from the first quarter to the last: the leak signal. */
    heapFloorGrowth: heapFloors[3] - heapFloors[0],
  };
  log(
    `\n${minutes} min, ${panes} panes at ${rate} lines/s in all: RSS ${result.rssFirst?.toFixed(1)} -> ${result.rssLast?.toFixed(1)} MiB (max ${result.rssMax.toFixed(1)}); second half: RSS ${result.rssSlope.toFixed(2)} MiB/min, heap ${result.heapSlope.toFixed(2)} MiB/min (sawtooth, see floors)\n` +
      `heap floor per quarter after warm-up: ${heapFloors.map((f) => f.toFixed(1)).join(', ')} MiB (growth ${result.heapFloorGrowth.toFixed(1)} MiB); RSS floors ${rssFloors.map((f) => f.toFixed(0)).join(', ')} MiB`,
  );
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const result = await soak();
  // --json: the result as the last line, for test/soak/tui-soak.test.ts.
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
}
