// How fast does the wire view read an audit log? Goal (issue 23): at least
// 20k events a second. Writes a log of N real events (the recorded control
// plane's, test/fixtures/audit/control-plane.log.gz, repeated with fresh
// audit IDs), then times, each a median of R runs:
//
//   parse      parseAuditLine on every line, in memory
//   read       readAudit: the file read in 1 MiB chunks, split, parsed (what
//              `demystify wire` and the audit check do)
//   view       read + agent naming + the default filter + one formatted line each
//   story      buildStory over all events (what "what just happened" does)
//   jq         `jq -c '[.user.username, .verb, .objectRef.resource]'` on the
//              same file: what someone would run by hand instead
//
//   npm run build && node bench/wire-parse.mjs [N=100000] [R=3]
//
// Uses dist/ (the shipped code).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseAuditLine } from '../dist/wire/audit-event.js';
import { readAudit } from '../dist/wire/audit-tail.js';
import { buildStory } from '../dist/wire/story.js';
import { AgentNamer, toEntry } from '../dist/wire/wire-entry.js';
import { DEFAULT_FILTER, shows } from '../dist/wire/wire-filter.js';
import { formatEntry } from '../dist/wire/wire-line.js';

const N = Number(process.argv[2] ?? 100_000);
const R = Number(process.argv[3] ?? 3);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sample = zlib
  .gunzipSync(fs.readFileSync(path.join(root, 'test/fixtures/audit/control-plane.log.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-bench-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const log = path.join(dir, 'audit.log');
const lines = [];
for (let i = 0; i < N; i++)
  lines.push(sample[i % sample.length].replace(/"auditID":"[^"]+"/, `"auditID":"bench-${i}"`));
fs.writeFileSync(log, `${lines.join('\n')}\n`);
const mib = fs.statSync(log).size / 2 ** 20;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const runs = [];
  for (let r = 0; r < R; r++) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  return median(runs);
}

const results = {};
results.parse = await time(() => {
  for (const l of lines) parseAuditLine(l);
});
results.read = await time(() => readAudit(log));
results.view = await time(async () => {
  const namer = new AgentNamer();
  let shown = 0;
  for (const item of await readAudit(log)) {
    if (item.kind !== 'event') continue;
    const entry = toEntry(item.event, namer);
    if (shows(entry, DEFAULT_FILTER)) {
      formatEntry(entry);
      shown++;
    }
  }
  return shown;
});
const events = (await readAudit(log)).flatMap((i) => (i.kind === 'event' ? [i.event] : []));
results.story = await time(() => buildStory(events));
try {
  results.jq = await time(() =>
    execFileSync('jq', ['-c', '[.user.username, .verb, .objectRef.resource]', log], {
      stdio: ['ignore', 'ignore', 'inherit'],
      maxBuffer: 1 << 30,
    }),
  );
} catch {
  results.jq = undefined;
}

console.log(`${N} events, ${mib.toFixed(1)} MiB, median of ${R} runs (node ${process.version})`);
for (const [name, ms] of Object.entries(results)) {
  if (ms === undefined) {
    console.log(`${name.padEnd(6)} (jq not installed)`);
    continue;
  }
  const rate = Math.round(N / (ms / 1000));
  const vsJq = results.jq ? `  ${(results.jq / ms).toFixed(2)}x jq's speed` : '';
  console.log(
    `${name.padEnd(6)} ${ms.toFixed(0).padStart(7)} ms  ${String(rate).padStart(9)} events/s${vsJq}`,
  );
}
