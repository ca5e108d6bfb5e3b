// The end of a CI run: did every test run where it should? .ci/run splits
// the suites by tag filters (on each Node.js line, or once; beside the
// cluster suites or one at a time), and a filter that selects nothing shows
// up only as "skipped". This reads every phase's JSON report and fails when a
// test did not run (pass or fail) where it should have: a unit, integration
// or e2e test without the `once` tag on each line, any other test once.
// (Failures themselves are the phases' business, reported above this.) It also lists the
// slowest tests, so growth is seen where it happens.
//
// A test file that no report names at all (its suite never wrote one, or it
// matched no filter) fails too: every file under test/<suite>/ of the suites
// the run asked for must show up.
//
// Usage: node .ci/tests-ran.mjs "<lines>" "<suites>" <report.json>...
//   report names: Node-<major>-<suite>....json (on a line) or once-....json
import fs from 'node:fs';
import path from 'node:path';

const [linesArg = '', suitesArg = '', ...reports] = process.argv.slice(2);
const lines = linesArg.split(/\s+/).filter(Boolean);
const suites = suitesArg.split(/\s+/).filter(Boolean);
const onEveryLine = new Set(['unit', 'integration', 'e2e']);

/** test key -> { project, once, ranOn: Set<line | 'once'> } */
const tests = new Map();
const timings = [];
/** test files some report names */
const reported = new Set();
for (const report of reports) {
  const name = path.basename(report, '.json');
  const where = /^Node-(\d+)-/.exec(name)?.[1] ?? (name.startsWith('once-') ? 'once' : undefined);
  if (!where) continue;
  if (!fs.existsSync(report)) continue; // an unmatched glob: the file check below tells
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  for (const file of json.testResults ?? []) {
    const rel = path.relative(process.cwd(), file.name);
    reported.add(rel);
    const project = rel.split(path.sep)[1] ?? '';
    for (const t of file.assertionResults ?? []) {
      const key = `${rel} > ${t.fullName}`;
      const entry = tests.get(key) ?? { project, once: false, ranOn: new Set() };
      entry.once ||= (t.tags ?? []).includes('once');
      if (t.status === 'passed' || t.status === 'failed') {
        entry.ranOn.add(where);
        timings.push({ key, where: name, ms: t.duration ?? 0 });
      }
      tests.set(key, entry);
    }
  }
}

const missing = [];
for (const [key, t] of tests) {
  const perLine = onEveryLine.has(t.project) && !t.once;
  if (perLine) {
    const notOn = lines.filter((l) => !t.ranOn.has(l));
    if (notOn.length) missing.push(`${key}: did not run on Node ${notOn.join(', ')}`);
  } else if (t.ranOn.size === 0) missing.push(`${key}: ran nowhere`);
}

// Every test file of every suite asked for: test/<suite>/**/*.test.ts(x), as vitest.config.ts includes them.
const testFiles = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => /\.test\.tsx?$/.test(f))
        .map((f) => path.join(dir, f))
    : [];
for (const suite of suites)
  for (const file of testFiles(path.join('test', suite)))
    if (!reported.has(file)) missing.push(`${file}: in no report (its suite did not run it)`);

timings.sort((a, b) => b.ms - a.ms);
console.log(`\n${tests.size} tests in ${reports.length} reports; the slowest:`);
for (const t of timings.slice(0, 12))
  console.log(`${(t.ms / 1000).toFixed(1).padStart(7)} s  ${t.key}  (${t.where})`);
if (missing.length) {
  console.log(`\n${missing.length} tests did not run where they should:`);
  for (const m of missing) console.log(`  ${m}`);
  process.exit(1);
}
console.log('every test ran where it should: on each line, or once where tagged `once`');
