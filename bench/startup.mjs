// How long until demystify answers: `--version` and `--help` as whole
// processes, and the time from starting the UI to its first screen in a
// pseudo-terminal, each next to tmux doing the nearest thing (`tmux -V`; a new
// attached session drawing its first screen with a shell prompt), medians of
// several runs in the same bench run.
//
//   npm run build && node bench/startup.mjs [--runs 7]
//
// "First screen": the first synchronized frame that shows the lesson ("Step
// 1/"), chrome and all; "full": the first after which the shell pane shows its
// prompt too (bash has started). Time runs from just before the process is
// spawned.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(root, 'dist', 'cli.js');
const LESSONS = path.join(root, 'test', 'fixtures', 'ui', 'workshop-tui');
const END_SYNC = '\x1b[?2026l';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : undefined;
};

/** Wall milliseconds of a whole process, run to its end. */
function processMs(file, args) {
  const t0 = performance.now();
  const r = spawnSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Milliseconds from spawning `file args` in a 160x45 pty until `ready(text)`
 * holds for the output so far, checked when a frame ends (or, for tmux, on
 * every chunk); then `quit(p)` ends it. `first(text)`, if given, marks an
 * earlier moment: the result is then { first, full }.
 */
function firstScreenMs(file, args, { env, ready, first, frames, quit }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = pty.spawn(file, args, { name: 'xterm-256color', cols: 160, rows: 45, cwd: root, env });
    let text = '';
    let done = false;
    let firstAt;
    const timer = setTimeout(
      () => finish(new Error(`no first screen from ${file} in 60 s:\n${text.slice(-2000)}`)),
      60_000,
    );
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      quit(p);
      const killer = setTimeout(() => p.kill('SIGKILL'), 10_000);
      p.onExit(() => {
        clearTimeout(killer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      });
    };
    p.onData((d) => {
      const at = performance.now() - t0;
      text += d;
      const frameEnd = !frames || d.includes(END_SYNC);
      if (first && firstAt === undefined && frameEnd && first(text)) firstAt = at;
      if (frameEnd && ready(text)) finish(first ? { first: firstAt ?? at, full: at } : at);
    });
  });
}

function cleanEnv(dir) {
  const env = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  delete env.TMUX;
  for (const x of ['STATE', 'CACHE', 'DATA']) env[`XDG_${x}_HOME`] = path.join(dir, x.toLowerCase());
  return env;
}

async function demystifyFirstScreen() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-bench-start-'));
  try {
    return await firstScreenMs(
      process.execPath,
      [CLI, '--lessons', LESSONS, '--workspace', path.join(dir, 'ws')],
      {
        env: cleanEnv(dir),
        frames: true,
        first: (t) => t.includes('Step 1/'),
        // The lesson, and the shell's prompt in its pane ("demystify:ws$ ", or "#" as root).
        ready: (t) => t.includes('Step 1/') && /ws(\x1b\[[0-9;]*m)*[$#] /.test(t),
        quit: (p) => p.write('q'),
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function tmuxFirstScreen() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-bench-start-'));
  const sock = `demystify-bench-start-${process.pid}`;
  try {
    return await firstScreenMs('tmux', ['-L', sock, '-f', '/dev/null', 'new-session', 'bash --norc'], {
      env: cleanEnv(dir),
      frames: false,
      // The status line and the shell's prompt.
      ready: (t) => /bash-[\d.]+[$#] /.test(t) && t.includes('[0]'),
      quit: () => spawnSync('tmux', ['-L', sock, 'kill-server']),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Medians over `runs` runs, after one warm-up run of each (disk caches). */
export async function startupTimes(runs = 7) {
  const node = [process.execPath];
  const times = { version: [], help: [], nodeBare: [], tmuxVersion: [], first: [], full: [], tmuxFirst: [] };
  processMs(...node, [CLI, '--version']);
  await demystifyFirstScreen();
  for (let i = 0; i < runs; i += 1) {
    times.version.push(processMs(...node, [CLI, '--version']));
    times.help.push(processMs(...node, [CLI, '--help']));
    times.nodeBare.push(processMs(...node, ['-e', '0']));
    times.tmuxVersion.push(processMs('tmux', ['-V']));
    const ui = await demystifyFirstScreen();
    times.first.push(ui.first);
    times.full.push(ui.full);
    times.tmuxFirst.push(await tmuxFirstScreen());
  }
  return Object.fromEntries(
    Object.entries(times).map(([k, v]) => [
      k,
      { median: median(v), min: Math.min(...v), max: Math.max(...v) },
    ]),
  );
}

export function printStartup(t, log = console.log) {
  const f = (x) => `${x.median.toFixed(0)} ms (${x.min.toFixed(0)}-${x.max.toFixed(0)})`;
  const above = (x) => `${(x.median - t.nodeBare.median).toFixed(0)} ms above node -e 0`;
  log(`start-up (medians, min-max)`);
  log(
    `  demystify --version: ${f(t.version)} (${above(t.version)})   --help: ${f(t.help)} (${above(t.help)})   goal: within 50 ms of node -e 0`,
  );
  log(`  for scale: node -e 0: ${f(t.nodeBare)}   tmux -V: ${f(t.tmuxVersion)}`);
  log(
    `  first screen (Ink's, the real layout, the lesson in it), demystify: ${f(t.first)}; with the shell's prompt in it too: ${f(t.full)}   goal <= 500 ms`,
  );
  log(`  first screen of a new tmux session, bash's prompt in it: ${f(t.tmuxFirst)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  console.log(`${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  printStartup(await startupTimes(i > 0 ? Number(process.argv[i + 1]) : 7));
}
