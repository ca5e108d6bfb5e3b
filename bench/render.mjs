// How much CPU does the UI spend drawing panes that stream logs, next to a
// tmux server drawing the same load, in the same run? And does either slow
// the components down? Ends with the performance goals, each next to tmux's
// figure from this run, start-up times included (bench/startup.mjs).
//
//   npm run build && node bench/render.mjs [--panes 3] [--seconds 10] [--only 1k|full|startup] [--startup-runs 7]
//
// For each load (1k lines/s over all panes; every pane at full speed) it runs,
// one after the other, on a 160x45 terminal (a node-pty the bench drains):
//   - demystify: a workshop whose steps start the spammers in panes; the
//     learner's keys start them, as a learner would;
//   - tmux: a server with the same number of panes running the same spammer,
//     with an attached client;
//   - bare (full speed only): the spammers in ptys nobody draws, the fastest
//     they can go on this machine.
// CPU is user+system time of the demystify process, and of the tmux server
// plus its client, over the window; RSS the largest seen in the window (for
// tmux: server plus client). Frames are counted from the
// synchronized-output marker that starts every frame demystify writes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import { printStartup, startupTimes } from './startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const PANES = Number(arg('panes', 3));
const SECONDS = Number(arg('seconds', 10));
const ONLY = arg('only', '');
const STARTUP_RUNS = Number(arg('startup-runs', 7));
const COLS = 160;
const ROWS = 45;
const TICK = 100; // clock ticks per second in /proc/<pid>/stat on Linux
const SPAM = path.join(root, 'bench', 'render-log.mjs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

export function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function readCount(file) {
  try {
    return Number(fs.readFileSync(file, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

async function waitFor(test, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A terminal the bench drains, counting demystify's frames. */
export function drainedPty(file, args, opts) {
  const p = pty.spawn(file, args, { name: 'xterm-256color', cols: COLS, rows: ROWS, ...opts });
  const state = { frames: 0, bytes: 0, text: '', tail: '' };
  p.onData((d) => {
    state.bytes += d.length;
    const s = state.tail + d;
    state.frames += s.split('\x1b[?2026h').length - 1;
    state.tail = s.slice(-8).includes('\x1b') ? s.slice(-8) : '';
    // Keep a little of the plain text to see where the UI is.
    state.text = (state.text + d).slice(-20000);
  });
  return { p, state };
}

/** A workshop whose chapter starts one spammer per pane. */
export function loadWorkshop(dir, rate, panes) {
  const lessons = path.join(dir, 'lessons');
  fs.mkdirSync(lessons, { recursive: true });
  const steps = Array.from({ length: panes }, (_, i) => {
    const count = path.join(dir, `count-${i + 1}`);
    return [
      `Log spammer ${i + 1}.`,
      '',
      `\`\`\`sh {pane=log${i + 1} ready="log:render-log started"}`,
      `node ${SPAM} ${rate} ${count}`,
      '```',
      '',
    ].join('\n');
  });
  const md = ['---', 'id: load', 'title: Log load', '---', '', ...steps].join('\n');
  fs.writeFileSync(path.join(lessons, '01-load.md'), md);
  return { lessons, counts: Array.from({ length: panes }, (_, i) => path.join(dir, `count-${i + 1}`)) };
}

export function uiEnv(dir) {
  const env = { ...process.env, TERM: 'xterm-256color', DEMYSTIFY_UI_STATS: path.join(dir, 'ui-stats.json') };
  delete env.CI;
  for (const x of ['STATE', 'CACHE', 'DATA']) env[`XDG_${x}_HOME`] = path.join(dir, x.toLowerCase());
  return env;
}

/** Starts demystify on the load workshop and presses r until every spammer runs. */
export async function startUi(dir, rate, panes) {
  const { lessons, counts } = loadWorkshop(dir, rate, panes);
  const ui = drainedPty(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS?.split(' ') ?? []),
      path.join(root, 'dist', 'cli.js'),
      '--lessons',
      lessons,
      '--workspace',
      path.join(dir, 'ws'),
    ],
    {
      cwd: root,
      env: uiEnv(dir),
    },
  );
  await waitFor(() => ui.state.text.includes('Step 1/'), 60_000, 'the UI to start');
  for (const count of counts) {
    // r runs the current step; pressed again while the previous one is still starting, it only says so.
    const end = Date.now() + 60_000;
    while (!fs.existsSync(count) && Date.now() < end) {
      ui.p.write('r');
      await sleep(1500);
    }
    if (!fs.existsSync(count)) throw new Error(`spammer ${count} did not start`);
  }
  return { ...ui, counts, pid: ui.p.pid };
}

export async function stopUi(ui) {
  ui.p.write('q');
  await sleep(300);
  ui.p.write('y');
  const exited = new Promise((r) => ui.p.onExit(r));
  await Promise.race([exited, sleep(20_000)]);
  try {
    process.kill(ui.pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

export function readStats(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function window(pids, counts, state, statsFile) {
  const s0 = statsFile && readStats(statsFile);
  const cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const n0 = counts.reduce((s, f) => s + readCount(f), 0);
  const f0 = state?.frames ?? 0;
  const t0 = Date.now();
  let rss = 0;
  while (Date.now() - t0 < SECONDS * 1000) {
    await sleep(Math.min(500, SECONDS * 1000 - (Date.now() - t0)));
    rss = Math.max(
      rss,
      pids.reduce((sum, p) => sum + rssMiB(p), 0),
    );
  }
  const secs = (Date.now() - t0) / 1000;
  const cpu = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  const lines = counts.reduce((s, f) => s + readCount(f), 0) - n0;
  const s1 = statsFile && readStats(statsFile);
  const frameMs =
    s0 && s1 && s1.frames > s0.frames ? (s1.busyMs - s0.busyMs) / (s1.frames - s0.frames) : undefined;
  const chromeFrames = s0 && s1 ? s1.chromeRenders - s0.chromeRenders : undefined;
  const inkFrames = s0 && s1 ? s1.inkFrames - s0.inkFrames : undefined;
  return {
    frameMs,
    chromeFrames,
    inkFrames,
    chromePerSecond: chromeFrames === undefined ? undefined : chromeFrames / secs,
    cpu: (100 * cpu) / secs,
    rate: lines / secs,
    fps: state ? (state.frames - f0) / secs : undefined,
    rss,
  };
}

async function measureUi(rate) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-bench-ui-'));
  const ui = await startUi(dir, rate, PANES);
  await sleep(3000);
  const res = await window([ui.pid], ui.counts, ui.state, path.join(dir, 'ui-stats.json'));
  await stopUi(ui);
  fs.rmSync(dir, { recursive: true, force: true });
  return res;
}

async function measureTmux(rate) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-bench-tmux-'));
  const sock = `demystify-bench-${process.pid}`;
  const tmux = (...a) =>
    execFileSync('tmux', ['-L', sock, '-f', '/dev/null', ...a], { encoding: 'utf8' }).trim();
  // Like the UI's layout: a column for the lesson, the spammers stacked on the right above a shell.
  tmux('new-session', '-d', '-x', String(COLS), '-y', String(ROWS), '-s', 'bench', 'sleep 100000');
  tmux('split-window', '-h', '-t', 'bench', '-l', '92', 'bash --norc');
  const counts = [];
  for (let i = 0; i < PANES; i += 1) {
    const count = path.join(dir, `count-${i + 1}`);
    counts.push(count);
    tmux('split-window', '-v', '-b', '-t', 'bench.1', `node ${SPAM} ${Math.round(rate / PANES)} ${count}`);
  }
  // main-vertical: the first pane (the lesson's place) on the left, the others stacked on the right.
  tmux('set-window-option', '-t', 'bench', 'main-pane-width', '68');
  tmux('select-layout', '-t', 'bench', 'main-vertical');
  const client = drainedPty('tmux', ['-L', sock, 'attach', '-t', 'bench'], {
    cwd: root,
    env: { ...process.env, TERM: 'xterm-256color' },
  });
  const server = Number(tmux('display', '-p', '#{pid}'));
  await waitFor(() => counts.every((c) => fs.existsSync(c)), 30_000, 'the tmux spammers');
  await sleep(3000);
  const res = await window([server, client.p.pid], counts, undefined);
  tmux('kill-server');
  client.p.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  return res;
}

async function measureBare() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-bench-bare-'));
  const counts = [];
  const ptys = [];
  for (let i = 0; i < PANES; i += 1) {
    const count = path.join(dir, `count-${i + 1}`);
    counts.push(count);
    const p = pty.spawn(process.execPath, [SPAM, '0', count], { cols: 80, rows: 20 });
    p.onData(() => undefined);
    ptys.push(p);
  }
  await waitFor(() => counts.every((c) => fs.existsSync(c)), 30_000, 'the bare spammers');
  await sleep(2000);
  const res = await window([], counts, undefined);
  for (const p of ptys) p.kill();
  fs.rmSync(dir, { recursive: true, force: true });
  return res;
}

const fmt = (n, d = 1) => (n === undefined ? '—' : n.toFixed(d));

const pct = (a, b) => `${fmt((100 * a) / b, 0)}%`;
const verdict = (ok) => (ok ? 'met' : 'NOT met');

/** Each goal (bench/README.md) next to tmux's figure from this run. */
function printGoals(r) {
  console.log('\ngoals, this run (demystify | tmux | goal):');
  if (r.startup) {
    const t = r.startup;
    const ms = (x) => `${t[x].median.toFixed(0)} ms`;
    const bare = t.nodeBare.median;
    console.log(
      `  1. --version ${ms('version')}, --help ${ms('help')} | tmux -V ${ms('tmuxVersion')} | within 50 ms of node -e 0 (${ms('nodeBare')}): ${verdict(t.version.median - bare <= 50 && t.help.median - bare <= 50)}`,
    );
    console.log(
      `     first screen ${ms('first')}, with the shell's prompt ${ms('full')} | new session with bash's prompt ${ms('tmuxFirst')} | <= 500 ms: ${verdict(t.full.median <= 500)}${t.first.median <= 500 && t.full.median > 500 ? ' (the screen without the prompt is)' : ''}`,
    );
  }
  const full = r.loads.find((l) => l.rate === 0);
  const slow = r.loads.find((l) => l.rate !== 0);
  if (full) {
    console.log(
      `  2. output at full speed ${fmt(full.ui.rate, 0)} lines/s | ${fmt(full.tm.rate, 0)} lines/s | >= 100% of tmux's: ${pct(full.ui.rate, full.tm.rate)}, ${verdict(full.ui.rate >= full.tm.rate)}`,
    );
    console.log(
      `  3. RSS at full speed, ${PANES} panes ${fmt(full.ui.rss, 0)} MiB | ${fmt(full.tm.rss, 0)} MiB | <= 200 MiB: ${verdict(full.ui.rss <= 200)} (flat over 10 minutes: bench/render-soak.mjs)`,
    );
  }
  if (slow) {
    console.log(
      `  4. CPU at 1k lines/s ${fmt(slow.ui.cpu)}% | ${fmt(slow.tm.cpu)}% | <= 1.5x tmux's: ${fmt(slow.ui.cpu / Math.max(slow.tm.cpu, 0.05), 2)}x, ${verdict(slow.ui.cpu <= 1.5 * slow.tm.cpu)}`,
    );
    console.log(
      `  5. chrome frames at a steady 1k lines/s, no key pressed: ${fmt(slow.ui.chromePerSecond, 2)} a second | — | 0-1: ${verdict(slow.ui.chromePerSecond !== undefined && slow.ui.chromePerSecond <= 1)}`,
    );
  }
}

async function main() {
  const loads = [
    { name: '1k lines/s', rate: Math.round(1000 / PANES), total: 1000 },
    { name: 'full speed', rate: 0, total: undefined },
  ].filter((l) => !ONLY || (ONLY === 'full') === (l.rate === 0));
  console.log(
    `render bench: ${PANES} spamming panes + the shell, ${COLS}x${ROWS}, ${SECONDS} s windows, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const results = { loads: [], startup: undefined };
  if (!ONLY || ONLY === 'startup') {
    results.startup = await startupTimes(STARTUP_RUNS);
    printStartup(results.startup);
  }
  for (const load of ONLY === 'startup' ? [] : loads) {
    const ui = await measureUi(load.rate);
    const tm = await measureTmux(load.rate === 0 ? 0 : load.rate * PANES);
    const bare = load.rate === 0 ? await measureBare() : undefined;
    const reference = load.total ?? bare?.rate;
    console.log(`\n${load.name}`);
    console.log(
      `  demystify: CPU ${fmt(ui.cpu)}%  frames/s ${fmt(ui.fps)}  lines/s ${fmt(ui.rate, 0)}  RSS ${fmt(ui.rss, 0)} MiB`,
    );
    console.log(
      `             ${fmt(ui.frameMs, 2)} ms a frame; chrome (Ink) drawn in ${ui.chromeFrames ?? '—'} frames of the window (${fmt(ui.chromePerSecond, 2)} a second, ${ui.inkFrames ?? '—'} Ink passes)`,
    );
    console.log(
      `  tmux:      CPU ${fmt(tm.cpu)}%  lines/s ${fmt(tm.rate, 0)}  RSS ${fmt(tm.rss, 0)} MiB (server and client)`,
    );
    if (bare) console.log(`  bare pty:  lines/s ${fmt(bare.rate, 0)} (nobody draws)`);
    console.log(`  CPU ratio demystify/tmux: ${fmt(ui.cpu / Math.max(tm.cpu, 0.05), 2)}x`);
    console.log(
      `  output rate under demystify: ${fmt((100 * ui.rate) / reference)}% of ${load.total ? 'the target' : 'bare'}, ${fmt((100 * ui.rate) / tm.rate)}% of tmux's`,
    );
    results.loads.push({ rate: load.rate, ui, tm });
  }
  printGoals(results);
  console.log(
    `load at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
