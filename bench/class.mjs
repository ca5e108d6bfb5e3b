// The class on loopback, measured (issue 26's goals; not a test: numbers
// vary with load). Three kinds of process, one file:
//   board: the class server with the instructor's board (Ink, into a sink the
//          size of a 160x50 terminal), as `demystify class` runs them; it
//          times each event from the learner's send to the first board frame
//          that shows it, and measures its own CPU and RSS.
//   learners: N simulated learners (real TLS WebSockets, the real protocol),
//          each sending a progress event every --every ms, at random phase.
//   sharer: one learner (the product's ClassLearner) whose screen draws
//          a 160x45 workshop screen at 30 frames a second; run once without
//          sharing and once sharing, for the cost of sharing, while the board
//          process watches the shared screen in its own emulator and times
//          each frame from the learner's write to the instructor's screen.
//
//   restart: the class server stopped and started again (three times) under
//          200 learners using the product's client: the time until every one
//          is back on the board with its state.
//
//   npm run build && node bench/class.mjs [--only board|restart|share] [--learners 200] [--seconds 30] [--every 2000]
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const { values: args } = parseArgs({
  options: {
    role: { type: 'string', default: 'main' },
    only: { type: 'string' },
    learners: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    every: { type: 'string', default: '2000' },
    join: { type: 'string' },
    share: { type: 'string', default: '1' },
  },
});
const seconds = Number(args.seconds);

const pct = (list, p) => {
  if (!list.length) return NaN;
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function board() {
  const { ClassServer } = await import(`${dist}/class/server.js`);
  const { newIdentity, fingerprintOfPem } = await import(`${dist}/class/class-identity.js`);
  const { formatJoinLine } = await import(`${dist}/class/join-line.js`);
  const { RemoteScreen } = await import(`${dist}/class/remote-screen.js`);
  const { BoardApp } = await import(`${dist}/ui/class/board-app.js`);
  const identity = await newIdentity();
  const server = await ClassServer.start({
    identity,
    host: '127.0.0.1',
    port: 0,
    title: 'bench',
    messagesPerSecond: 20,
  });
  const join = formatJoinLine({
    host: '127.0.0.1',
    port: server.port,
    code: identity.code,
    fingerprint: fingerprintOfPem(identity.certPem),
  });
  const latencies = [];
  const transport = [];
  const seen = new Map();
  const terminal = Object.assign(new EventEmitter(), {
    cols: 160,
    rows: 50,
    write: () => true,
    onDrain: () => {},
    onResize: () => () => {},
    onInput: () => () => {},
    enter: () => {},
    leave: () => {},
  });
  const stdout = Object.assign(new PassThrough(), { columns: 160, rows: 50 });
  stdout.resume();
  let measuring = false;
  const onFrame = (m) => {
    const now = Date.now();
    for (const b of m.learners) {
      const match = / (\d+)@(\d+)$/.exec(b.row.progress?.step?.label ?? '');
      if (!match) continue;
      const seq = Number(match[1]);
      if ((seen.get(b.key) ?? -1) >= seq) continue;
      seen.set(b.key, seq);
      if (measuring) {
        latencies.push(now - Number(match[2]));
        // Where the time went: the network and the server's reading of it, then the board's frame.
        transport.push(b.row.lastSeen - Number(match[2]));
      }
    }
  };
  const app = new BoardApp({
    server,
    joinLine: join,
    terminal,
    stdout,
    stuckMs: 300_000,
    color: true,
    onFrame,
  });
  void app.run();
  // The shared screen, watched as the board's screen view does: our own emulator, parsed, then read.
  const shareLatencies = [];
  const screen = new RemoteScreen();
  let stopWatch;
  let lastFrame = -1;
  screen.onChange(() => {
    const view = screen.view;
    if (!view) return;
    const p = view.catchUp(view.rows);
    const read = () => {
      const m = /F(\d+)@(\d+)/.exec(view.lineText(view.length - view.rows));
      if (m && Number(m[1]) > lastFrame) {
        lastFrame = Number(m[1]);
        if (measuring) shareLatencies.push(Date.now() - Number(m[2]));
      }
    };
    if (p) void p.then(read);
    else read();
  });
  const watchTimer = setInterval(() => {
    if (stopWatch) return;
    for (const r of server.roster.all())
      if (r.sharing)
        stopWatch = server.watchLearner(
          r.key,
          (c) => screen.data(c),
          (s) => screen.resize(s),
        );
  }, 100);
  process.stdout.write(`${JSON.stringify({ join })}\n`);
  let cpu0 = 0;
  let t0 = 0;
  let maxRss = 0;
  const rssTimer = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage().rss)), 250);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => {
    if (d.includes('start')) {
      measuring = true;
      latencies.length = 0;
      shareLatencies.length = 0;
      maxRss = 0;
      cpu0 = cpuMs();
      t0 = performance.now();
    }
    if (d.includes('stop')) {
      const wall = performance.now() - t0;
      const cpu = cpuMs() - cpu0;
      clearInterval(rssTimer);
      clearInterval(watchTimer);
      process.stdout.write(
        `${JSON.stringify({
          learners: server.roster.all().length,
          events: latencies.length,
          p50: pct(latencies, 50),
          p99: pct(latencies, 99),
          max: Math.max(...latencies, 0),
          transportP50: pct(transport, 50),
          transportP99: pct(transport, 99),
          cpuPct: (100 * cpu) / wall,
          rssMiB: maxRss / 1024 / 1024,
          frames: shareLatencies.length,
          shareP50: pct(shareLatencies, 50),
          shareP95: pct(shareLatencies, 95),
          dropped: server.counts,
        })}\n`,
      );
      stopWatch?.();
      process.exit(0);
    }
  });
}

async function learners() {
  const { default: WebSocket } = await import('ws');
  const { parseJoinLine } = await import(`${dist}/class/join-line.js`);
  const join = parseJoinLine(args.join);
  const n = Number(args.learners);
  const every = Number(args.every);
  let sent = 0;
  const socks = [];
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`wss://127.0.0.1:${join.port}/class`, { rejectUnauthorized: false });
    socks.push(ws);
    ws.on('error', () => {});
    ws.on('open', () => {
      ws.send(
        JSON.stringify({
          type: 'hello',
          v: 1,
          role: 'learner',
          code: join.code,
          id: `bench-learner-${String(i).padStart(6, '0')}-xxxxxxxxxx`,
          name: `learner ${i}`,
        }),
      );
      let seq = 0;
      const send = () => {
        if (ws.readyState !== WebSocket.OPEN) return;
        seq += 1;
        sent += 1;
        const state = ['todo', 'running', 'waiting', 'failed'][seq % 4];
        ws.send(
          JSON.stringify({
            type: 'progress',
            chapter: { id: 'etcd', title: 'etcd', index: 1, count: 15 },
            step: { id: `s${seq % 9}`, label: `step ${seq} ${seq}@${Date.now()}`, index: seq % 9, count: 9 },
            state,
            reason: state === 'failed' ? 'exit status 1: connection refused' : null,
            hints: seq % 3,
            stepMs: 1000,
          }),
        );
      };
      setTimeout(() => setInterval(send, every), Math.random() * every);
    });
  }
  process.on('SIGTERM', () => {
    process.stdout.write(`${JSON.stringify({ sent })}\n`);
    process.exit(0);
  });
}

async function sharer() {
  const { ClassLearner } = await import(`${dist}/class/learner.js`);
  const { parseJoinLine } = await import(`${dist}/class/join-line.js`);
  const join = parseJoinLine(args.join);
  const chapter = {
    meta: { id: 'etcd', title: 'etcd' },
    steps: [{ id: 's', kind: 'shell', body: 'etcd', hints: [] }],
  };
  const state = {
    chapterIndex: 0,
    chapter,
    run: { chapterId: 'etcd', stepIds: ['s'], steps: { s: { kind: 'todo' } }, cursor: 0 },
    current: chapter.steps[0],
    busy: false,
    hintsShown: 0,
    notice: undefined,
    reaching: undefined,
  };
  const learner = new ClassLearner({
    join,
    name: 'sharer',
    id: 'bench-sharer-xxxxxxxxxxxxxxxx',
    controller: { state: () => state, subscribe: () => () => {} },
    chapterCount: 1,
  });
  // A workshop screen's frames: a pane of 12 log lines scrolling, the status line, a marker with the frame's time.
  const listeners = new Set();
  const cols = 160;
  const rows = 45;
  const full = () => {
    let s = '\x1b[H\x1b[2J';
    for (let y = 1; y <= rows; y++)
      s += `\x1b[${y};1H\x1b[2m│\x1b[0m ${'lesson text, a sentence of the chapter '.repeat(3).slice(0, cols - 4)}`;
    return s;
  };
  const source = {
    cols,
    rows,
    onData: (l) => (listeners.add(l), () => listeners.delete(l)),
    onResize: () => () => {},
    keyframe: () => emit(full()),
  };
  const emit = (s) => {
    for (const l of listeners) l(s);
  };
  let frame = 0;
  const draw = () => {
    frame += 1;
    let s = `\x1b[?2026h\x1b[1;1HF${frame}@${Date.now()}\x1b[K`;
    for (let y = 0; y < 12; y++)
      s += `\x1b[${20 + y};82H\x1b[36m${new Date().toISOString()}\x1b[0m I0101 etcd[${frame}] applied index ${frame * 12 + y} term 2 \x1b[K`;
    s += `\x1b[44;1H\x1b[7m step 4/9 · waiting for readyz · frame ${frame} \x1b[0m\x1b[?2026l`;
    emit(s);
  };
  // Both runs draw the same frames (into a string nobody reads): the difference is what sharing costs.
  const shareOn = args.share === '1';
  setInterval(draw, 33);
  await new Promise((r) => learner.onStatus((s) => s.connection.kind === 'connected' && r()));
  if (shareOn) learner.shareScreen(source);
  const c0 = cpuMs();
  const t0 = performance.now();
  setTimeout(() => {
    const cpuPct = (100 * (cpuMs() - c0)) / (performance.now() - t0);
    process.stdout.write(`${JSON.stringify({ share: shareOn, cpuPct, frames: frame })}\n`);
    void learner.leave().then(() => process.exit(0));
  }, seconds * 1000);
}

function child(argv, onLine) {
  // React's production build, as the bundle has it (the development one is several times slower).
  const env = { ...process.env, NODE_ENV: 'production' };
  const p = spawn(process.execPath, [fileURLToPath(import.meta.url), ...argv], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env,
  });
  let rest = '';
  p.stdout.on('data', (d) => {
    rest += d;
    let i;
    while ((i = rest.indexOf('\n')) >= 0) {
      onLine(JSON.parse(rest.slice(0, i)));
      rest = rest.slice(i + 1);
    }
  });
  return p;
}

function nextLine(p) {
  return new Promise((resolve) => p.once('line', resolve));
}

function spawnJson(argv) {
  const p = child(argv, (v) => p.emit('line', v));
  return p;
}

async function main() {
  const only = args.only;
  console.log(`class bench on ${os.cpus().length} cores, node ${process.version}, ${seconds} s a run`);
  if (!only || only === 'board') {
    const srv = spawnJson(['--role', 'board']);
    const { join } = await nextLine(srv);
    const gen = spawnJson([
      '--role',
      'learners',
      '--join',
      join,
      '--learners',
      args.learners,
      '--every',
      args.every,
    ]);
    // Let every learner connect and settle before measuring.
    await new Promise((r) => setTimeout(r, 5000));
    srv.stdin.write('start\n');
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const result = nextLine(srv);
    srv.stdin.write('stop\n');
    const r = await result;
    const sent = nextLine(gen);
    gen.kill('SIGTERM');
    const s = await sent;
    console.log(
      `board: ${r.learners} learners, ${r.events} events timed (${s.sent} sent in all): to the board p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (goal p99 < 1000); of which sent to read by the server p50 ${r.transportP50} ms, p99 ${r.transportP99} ms`,
    );
    console.log(
      `board: class server + board CPU ${r.cpuPct.toFixed(1)}% of a core (goal < 20%), RSS max ${r.rssMiB.toFixed(0)} MiB (goal < 200)`,
    );
  }
  if (!only || only === 'restart') {
    const r = await nextLine(spawnJson(['--role', 'restart', '--learners', args.learners]));
    console.log(
      `restart: ${args.learners} learners back on the board with their state ${r.times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} after the server came back (three restarts; goal < 5 s); the server's CPU in that time ${r.cpu.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`,
    );
  }
  if (!only || only === 'share') {
    const srv = spawnJson(['--role', 'board']);
    const { join } = await nextLine(srv);
    const results = {};
    for (const share of ['0', '1']) {
      const sh = spawnJson([
        '--role',
        'sharer',
        '--join',
        join,
        '--share',
        share,
        '--seconds',
        String(seconds),
      ]);
      if (share === '1') setTimeout(() => srv.stdin.write('start\n'), 2000);
      results[share] = await nextLine(sh);
    }
    const result = nextLine(srv);
    srv.stdin.write('stop\n');
    const r = await result;
    console.log(
      `share: ${r.frames} frames timed: learner's frame to the instructor's screen p50 ${r.shareP50} ms, p95 ${r.shareP95} ms (goal p95 < 300)`,
    );
    console.log(
      `share: the learner's process ${results['0'].cpuPct.toFixed(1)}% of a core without sharing, ${results['1'].cpuPct.toFixed(1)}% sharing: sharing costs ${(results['1'].cpuPct - results['0'].cpuPct).toFixed(1)}% of a core (goal < 5)`,
    );
  }
}

/** Learners with the product's client (reconnecting by itself), for the restart run. */
async function clients() {
  const { ClassConnection } = await import(`${dist}/class/client.js`);
  const { parseJoinLine } = await import(`${dist}/class/join-line.js`);
  const join = parseJoinLine(args.join);
  // The client's retry timers do not hold a process open (the workshop does): this one has nothing else.
  setInterval(() => {}, 1000);
  for (let i = 0; i < Number(args.learners); i++) {
    const id = `bench-client-${String(i).padStart(6, '0')}-xxxxxxxxxx`;
    const conn = new ClassConnection({
      join,
      hello: () => ({ type: 'hello', v: 1, role: 'learner', code: join.code, id, name: `learner ${i}` }),
      onWelcome: () =>
        conn.send({
          type: 'progress',
          chapter: { id: 'etcd', title: 'etcd', index: 1, count: 15 },
          step: { id: 's1', label: `step of learner ${i}`, index: 1, count: 9 },
          state: 'waiting',
          reason: null,
          hints: 0,
          stepMs: 1000,
        }),
    });
  }
}

/** The class server restarted under 200 learners: how long until every one is back with its state. */
async function restart() {
  const { ClassServer } = await import(`${dist}/class/server.js`);
  const { newIdentity, fingerprintOfPem } = await import(`${dist}/class/class-identity.js`);
  const { formatJoinLine } = await import(`${dist}/class/join-line.js`);
  const identity = await newIdentity();
  const n = Number(args.learners);
  const open = (port) => ClassServer.start({ identity, host: '127.0.0.1', port, title: 'bench' });
  const backWithState = (server) =>
    new Promise((resolve) => {
      const check = () => {
        const rows = server.roster.all();
        if (rows.length === n && rows.every((r) => r.connected && r.progress)) resolve();
      };
      server.on('change', check);
      check();
    });
  let server = await open(0);
  const port = server.port;
  const join = formatJoinLine({
    host: '127.0.0.1',
    port,
    code: identity.code,
    fingerprint: fingerprintOfPem(identity.certPem),
  });
  const gen = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--role', 'clients', '--join', join, '--learners', String(n)],
    { stdio: 'inherit' },
  );
  await backWithState(server);
  const times = [];
  const cpu = [];
  for (let round = 0; round < 3; round++) {
    await server.close();
    // Down for a second, as a restarted `demystify class` would be.
    await new Promise((r) => setTimeout(r, 1000));
    server = await open(port);
    const t0 = performance.now();
    const c0 = cpuMs();
    await backWithState(server);
    times.push(performance.now() - t0);
    // The server's own work in that time (TLS handshakes, hellos): the rest is waiting for the machine.
    cpu.push(cpuMs() - c0);
  }
  gen.kill('SIGTERM');
  await server.close();
  process.stdout.write(`${JSON.stringify({ times, cpu })}\n`);
  process.exit(0);
}

const roles = { main, board, learners, sharer, clients, restart };
await roles[args.role]();
