#!/usr/bin/env node
// The README's screenshot and recording, made from a real run so they never
// go stale: demystify runs in a pseudo-terminal against the real etcd and
// kube-apiserver (from demystify's cache, see scripts/build-components.sh),
// brought to the start of the kube-apiserver chapter, and a driver presses
// the keys a learner would: run the wrong start, run the right one, let the
// check pass. Everything the terminal received goes into an asciicast
// (assets/readme/demo.cast, written with the project's own encoder), which
// is then played through @xterm/headless into an animated SVG
// (assets/readme/demo.svg) and a still of the moment the check passed
// (assets/readme/screenshot.svg).
//
//   npm run build && node scripts/readme-media.mjs            record and render
//   node scripts/readme-media.mjs --from-cast                 render the stored cast again
//
// It starts real components on fixed ports (2379, 6443): run it alone on the
// machine (on a shared one, under the same lock the end-to-end tests take).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'dist', p));
const out = path.join(root, 'assets', 'readme');
const COLS = 160;
const ROWS = 45;
const CHAPTER = 'kube-apiserver';

function fail(sentence) {
  process.stderr.write(`readme-media: ${sentence}\n`);
  process.exit(1);
}

if (!fs.existsSync(path.join(root, 'dist', 'cli.js')))
  fail('dist/cli.js is missing: run `npm run build` first');
const { encodeEvent, encodeHeader, parseAsciicast } = await dist('recording/asciicast.js');
const { castFrames } = await dist('recording/cast-frames.js');
const { animatedSvg, screenSvg } = await dist('recording/cast-svg.js');

/** Runs demystify in a pty, drives it like a learner, and returns the cast's text. */
async function record() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-readme-'));
  // The real binary cache, private state and workspace; CI unset (Ink writes nothing under CI).
  const env = { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  for (const k of ['CI', 'NO_COLOR', 'TMUX', 'DEMYSTIFY_WORKSPACE']) delete env[k];
  env.XDG_STATE_HOME = path.join(home, 'state');
  env.XDG_DATA_HOME = path.join(home, 'data');
  const args = [path.join(root, 'dist', 'cli.js'), '--workspace', path.join(home, 'ws'), 'replay', CHAPTER];
  const child = pty.spawn(process.execPath, args, {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    cwd: home,
    env,
  });
  const screen = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  let cast = encodeHeader({
    version: 2,
    width: COLS,
    height: ROWS,
    timestamp: Math.floor(Date.now() / 1000),
    title: `demystify: the ${CHAPTER} chapter`,
    env: { TERM: 'xterm-256color' },
  });
  let exited;
  child.onData((data) => {
    cast += encodeEvent({ time: now(), code: 'o', data });
    screen.write(data);
  });
  child.onExit((e) => (exited = e));
  const text = () => {
    const b = screen.buffer.active;
    const lines = [];
    for (let y = 0; y < ROWS; y += 1) lines.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const waitFor = async (what, test, seconds) => {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      if (exited) fail(`demystify exited (status ${exited.exitCode}) while waiting for ${what}:\n${text()}`);
      if (test(text())) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    fail(`gave up waiting for ${what}; the screen was:\n${text()}`);
  };
  const pause = (s) => new Promise((r) => setTimeout(r, s * 1000));
  // Runs the current step: the app refuses while it is still busy (saving the chapter's checkpoint, say).
  const run = async (step) => {
    const started = (s) => new RegExp(`[◐✓✗] Step ${step}/`).test(s);
    for (let tries = 0; tries < 30 && !started(text()); tries += 1) {
      child.write('r');
      await waitFor(`step ${step} to start`, (s) => started(s) || /a step is under way/.test(s), 20);
      if (!started(text())) await pause(1);
    }
  };
  const mark = (label) => (cast += encodeEvent({ time: now(), code: 'm', data: label }));
  try {
    await waitFor(
      'the chapter to open with etcd running',
      (s) => /Step 1\/\d+: r to run it/.test(s) && /etcd · ● running/.test(s),
      180,
    );
    await pause(2);
    await run(1);
    await waitFor('the wrong start to fail as expected', (s) => /Step 2\/\d+: r to run it/.test(s), 120);
    await pause(2);
    await run(2);
    // The check passes by itself and the lesson moves on to step 4; scrolling up shows the three ✓.
    await waitFor('the check to pass', (s) => /Step 4\/\d+: r to run it/.test(s), 180);
    await pause(1.5);
    for (let i = 0; i < 7; i += 1) {
      child.write('k');
      await pause(0.15);
    }
    await waitFor('the passed check on screen', (s) => /✓ Step 3\/\d+ · check/.test(s), 10);
    await pause(1.5);
    mark('screenshot');
    await pause(2);
    child.write('q');
    await waitFor('the question before quitting', (s) => /Quit\?/.test(s), 20);
    child.write('y');
    const end = Date.now() + 30_000;
    while (!exited && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    if (!exited) fail('demystify did not exit after quitting');
  } finally {
    if (!exited) child.kill('SIGTERM');
    screen.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }
  return cast;
}

const castFile = path.join(out, 'demo.cast');
fs.mkdirSync(out, { recursive: true });
if (!process.argv.includes('--from-cast')) fs.writeFileSync(castFile, await record());
const cast = parseAsciicast(fs.readFileSync(castFile, 'utf8'));
if (cast.problems.length) fail(`${castFile} is not a valid asciicast: ${cast.problems.join('; ')}`);
// The still: the screen at the marker, before the quit question.
const marker = cast.events.find((e) => e.code === 'm' && e.data === 'screenshot');
const stills = await castFrames({
  ...cast,
  events: cast.events.filter((e) => !marker || e.time <= marker.time),
});
const frames = await castFrames(cast, { fps: 6, maxIdle: 1.5 });
const size = { cols: cast.header.width, rows: cast.header.height };
fs.writeFileSync(path.join(out, 'screenshot.svg'), screenSvg(stills[stills.length - 1], size));
fs.writeFileSync(path.join(out, 'demo.svg'), animatedSvg(frames, size));
for (const f of ['demo.cast', 'demo.svg', 'screenshot.svg'])
  console.log(
    `${path.join('assets', 'readme', f)}: ${(fs.statSync(path.join(out, f)).size / 1024).toFixed(0)} KiB`,
  );
console.log(`${frames.length} screens over ${frames[frames.length - 1].time.toFixed(1)} s`);
