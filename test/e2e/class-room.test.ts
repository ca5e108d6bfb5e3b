// A class end to end, every party its own process in its own terminal
// (tmux): the instructor's `demystify class` board, and three learners, each
// joined to it: one with the workshop UI itself (`demystify --join`), two with
// the real engine on a fixture workshop of plain shell steps and the product's
// class client (test/e2e/helpers/class-learner.mjs, until the UI has the keys
// to raise a hand and share a screen). One learner is
// stuck on a check, one raises a hand and shares their screen; the board
// shows both, and the instructor opens the shared screen and sees it live.
// Loopback only; no cluster, so no lock.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TuiSession } from '../fixtures/ui/tmux-session.js';
import { freePort } from '../helpers/ports.js';

const LESSONS = path.resolve('test/fixtures/workshop-class');
const HELPER = path.resolve('test/e2e/helpers/class-learner.mjs');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A learner process in a tmux server of its own. */
class LearnerTerminal {
  readonly socket = `demystify-learner-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-learner-'));

  constructor(join: string, name: string, flags: readonly string[]) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TERM: 'xterm-256color',
      XDG_STATE_HOME: path.join(this.home, 'xdg-state'),
    };
    delete env.TMUX;
    const command = `node ${HELPER} --join '${join}' --name ${name} --lessons ${LESSONS} --home ${this.home} ${flags.join(' ')}; echo "LEARNER EXITED $?"; sleep 600`;
    execFileSync(
      'tmux',
      ['-L', this.socket, '-f', '/dev/null', 'new-session', '-d', '-x', '100', '-y', '20', command],
      { env },
    );
  }

  screen(): string {
    return execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p'], { encoding: 'utf8' });
  }

  async waitFor(re: RegExp, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (re.test(this.screen())) return;
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${re}; the screen was:\n${this.screen()}`);
  }

  stop(): void {
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server']);
    } catch {
      // already gone
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

let open: { stop(): void }[] = [];
afterEach(() => {
  for (const o of open.reverse()) o.stop();
  open = [];
});

describe('a class', () => {
  it('shows the instructor who is stuck and who asks for help, and the shared screen live', async () => {
    const port = await freePort();
    const instructor = TuiSession.start({
      lessons: LESSONS,
      args: ['class', '--listen', '127.0.0.1', '--port', String(port)],
      cols: 200,
      rows: 40,
    });
    open.push(instructor);
    const screen = await instructor.waitFor(/nobody has joined yet/);
    const join = /demystify --join (class:\/\/\S+)/.exec(screen)?.[1];
    expect(join).toMatch(
      new RegExp(`^class://127\\.0\\.0\\.1:${port}/[A-Z0-9]{3}-[A-Z0-9]{3}/sha256:[A-Za-z0-9_-]{43}$`),
    );

    const ana = new LearnerTerminal(join!, 'Ana', ['--run', '1']);
    const ben = new LearnerTerminal(join!, 'Ben', ['--hand', '--share']);
    // Cai runs the workshop UI itself, joined with --join: the status line says to whom.
    const cai = TuiSession.start({ lessons: LESSONS, args: ['--join', join!, '--name', 'Cai'] });
    open.push(ana, ben, cai);
    await ana.waitFor(/step 2\/3: check: the ready file · waiting/);
    await ben.waitFor(/class: connected to .*· hand up · sharing my screen/);
    await cai.waitFor(new RegExp(`class: connected to .* \\(127\\.0\\.0\\.1:${port}\\) as Cai`));

    // The board: the raised hand first, then the learner waiting on the check with what it waits for, then the reader.
    const board = await instructor.waitFor(
      (s) =>
        /✋ Ben/.test(s) &&
        /Ana .*waiting on a check .*waiting for the ready file/.test(s) &&
        /Cai .*reading/.test(s),
    );
    const order = ['Ben', 'Ana', 'Cai'].map((n) => board.indexOf(` ${n} `));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(board).toMatch(/3 learners · 1 hand up/);
    expect(board).toMatch(/Ben .*\[sharing screen\]/);

    // To the top (Ben), then one down: Ana shares nothing, so her screen does not open.
    instructor.keys('k', 'k', 'k', 'j', 'v');
    await instructor.waitFor(/Ana is not sharing their screen \(they share it with a key of their own/);
    // Back up to Ben: open his screen.
    instructor.keys('k');
    // The instructor sees what Ben's terminal shows, and Ben sees he is watched.
    instructor.keys('v');
    await instructor.waitFor(
      (s) => /Ben’s screen, 100x20, read-only/.test(s) && /Ben's workshop: A class exercise/.test(s),
    );
    await ben.waitFor(/sharing my screen \(1 watching\)/);
    // Live: Ben's own screen changes, and the instructor's view follows.
    await instructor.waitFor(/sharing my screen \(1 watching\)/);
    instructor.keys('Escape');
    await instructor.waitFor(/3 learners/);
    await ben.waitFor(/sharing my screen \(0 watching\)/);

    // The class ends: the learners go on on their own, trying to reconnect.
    instructor.keys('q');
    await instructor.waitFor(/DEMYSTIFY EXITED 0/);
    // The status line leads with the class's state (ui/class/class-chrome.ts).
    await cai.waitFor(/class: reconnecting to .*\(127\.0\.0\.1:\d+\)/);
  });

  it('lets a learner follow the presenter’s screen live, in a terminal of its own', async () => {
    const port = await freePort();
    const basic = path.resolve('test/fixtures/workshop-basic');
    const instructor = TuiSession.start({
      lessons: basic,
      args: ['class', '--listen', '127.0.0.1', '--port', String(port)],
      cols: 200,
      rows: 40,
    });
    open.push(instructor);
    const join = /demystify --join (class:\/\/\S+)/.exec(
      await instructor.waitFor(/nobody has joined yet/),
    )?.[1];
    // The presenter screen, in the instructor's state folder: it finds the class there and streams to it.
    const presenter = TuiSession.start({
      lessons: basic,
      args: ['present', '--typing', '5'],
      home: instructor.home,
    });
    open.push({ stop: () => presenter.stop(true) });
    await presenter.waitFor(/Step 1 of 5/);
    const watcher = TuiSession.start({
      lessons: basic,
      args: ['--join', join!, '--watch'],
      cols: 180,
      rows: 50,
    });
    open.push(watcher);
    await watcher.waitFor(
      (s) => /the presenter’s screen, 160x45, read-only/.test(s) && /Step 1 of 5/.test(s),
    );
    await instructor.waitFor(/1 watching the presenter ·|1 watching the presenter$/m);
    // Live: the presenter runs a step, the watcher's copy follows.
    presenter.keys('r');
    await presenter.waitFor(/Step 2 of 5/);
    await watcher.waitFor(/Step 2 of 5/);
    watcher.keys('q');
    await watcher.waitFor(/DEMYSTIFY EXITED 0/);
  });
});
