// The learner's class keys in the workshop UI, through the real input router
// and the app's commands, to a real class learner on a real class server on
// loopback (port 0): `a` raises and lowers the hand, `s` starts and stops
// sharing the screen, `L` leaves; the same keys after the prefix from a pane;
// without a class they say how to join; `J` asks for the join line and joins.
// And what the status line says about
// the class: to whom, hand up, "sharing your screen (N watching)", away.
// Every wait is on an event (the server's change, the UI's next state), never
// on a time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ClassLearner } from '../../src/class/learner.js';
import type { ScreenSource } from '../../src/class/screen-share.js';
import type { Clock } from '../../src/class/clock.js';
import type { PaneRegistry } from '../../src/terminal/pane-registry.js';
import type { WorkshopController } from '../../src/engine/controller.js';
import { routerHost } from '../../src/ui/app-commands.js';
import { classLead } from '../../src/ui/class/class-chrome.js';
import { AWAY_AFTER_MS, ClassSeat, notInClass, type ClassChrome } from '../../src/ui/class/class-seat.js';
import { InputRouter } from '../../src/ui/input-router.js';
import { statusSentence } from '../../src/ui/components/StatusBar.js';
import { firstWorkshopState } from '../../src/ui/workshop-state.js';
import { joinFromLine } from '../../src/commands/join-class.js';
import { formatJoinLine, type JoinLine } from '../../src/class/join-line.js';
import { makeTheme } from '../../src/ui/theme.js';
import { initialUi, type UiState } from '../../src/ui/ui-state.js';
import { appContext } from '../helpers/app-context.js';
import { classTestFile, startClass, StubController, until } from '../helpers/class-room.js';

const { workshop: fixture, open } = classTestFile();
const theme = makeTheme(false);

/** A screen that draws one line, whole on a keyframe. */
function screen(): ScreenSource {
  const listeners = new Set<(s: string) => void>();
  return {
    cols: 40,
    rows: 6,
    onData: (l) => (listeners.add(l), () => listeners.delete(l)),
    onResize: () => () => undefined,
    keyframe: () => listeners.forEach((l) => l('\x1b[H\x1b[2Jthe learner’s screen')),
  };
}

/** Resolves once `ok` holds for what `subscribe` reports (looked at now and on every report). */
function when<T>(get: () => T, subscribe: (l: () => void) => void, ok: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    let done = false;
    const check = (): void => {
      if (done || !ok(get())) return;
      done = true;
      resolve(get());
    };
    subscribe(check);
    check();
  });
}

/** The router and the app's commands with a class seat; no screen, no panes but the shell. */
function workshopUi(opts: { clock?: Clock; join?: (line: string) => Promise<ClassLearner> } = {}) {
  const { clock } = opts;
  let ui: UiState = initialUi();
  let chrome: ClassChrome | undefined;
  const uiListeners = new Set<() => void>();
  const chromeListeners = new Set<() => void>();
  const seat = new ClassSeat({
    screen: screen(),
    publish: (c) => {
      chrome = c;
      chromeListeners.forEach((l) => l());
    },
    ...(clock ? { clock } : {}),
    ...(opts.join ? { join: opts.join } : {}),
  });
  const stub = new StubController(fixture());
  const ctx = appContext({
    workshop: fixture(),
    controller: stub as unknown as WorkshopController,
    panes: {
      list: () => [{ name: 'shell', state: () => ({ kind: 'ready' }) }],
      get: () => undefined,
    } as unknown as PaneRegistry,
    ui: () => ui,
    setUi: (next) => {
      ui = next;
      uiListeners.forEach((l) => l());
    },
    controllerState: () => stub.state(),
    classroom: seat,
  });
  const router = new InputRouter(routerHost(ctx));
  return {
    seat,
    stub,
    feed: (keys: string) => router.feed(keys),
    setUi: (patch: Partial<UiState>) => ctx.setUi({ ...ui, ...patch }),
    /** The status line's message once it says something matching. */
    message: (re: RegExp) =>
      when(
        () => ui.message ?? '',
        (l) => uiListeners.add(l),
        (m) => re.test(m),
      ),
    chrome: (ok: (c: ClassChrome | undefined) => boolean) =>
      when(
        () => chrome,
        (l) => chromeListeners.add(l),
        ok,
      ),
    status: () =>
      stripVTControlCharacters(
        statusSentence(firstWorkshopState(stub.state(), { presenter: false, chapters: [], ui }), theme),
      ),
    lead: () => {
      const lead = classLead(chrome, theme);
      return lead === undefined ? undefined : stripVTControlCharacters(lead);
    },
  };
}

describe('the class keys without a class', () => {
  it('say how to join, and change nothing', async () => {
    const app = workshopUi();
    for (const key of ['a', 's', 'L']) {
      app.setUi({ message: undefined });
      app.feed(key);
      expect(await app.message(/./)).toBe(notInClass());
    }
    expect(notInClass()).toContain('demystify --join <line>');
    expect(app.lead()).toBeUndefined();
  });
});

describe('the class keys in a class', () => {
  it('raise the hand, share the screen and leave, and the chrome says so', async () => {
    const { server, join } = await startClass();
    open.push(server);
    const app = workshopUi();
    const learner = ada(join, app.stub, 'k');
    app.seat.attach(learner);
    await app.chrome((c) => c?.state === 'connected');
    await until(server, () => server.roster.all()[0]?.connected === true, 'Ada on the board');
    expect(app.lead()).toBe(`class: test class (127.0.0.1:${join.port}) │`);

    // The hand, from the lesson.
    app.feed('a');
    await until(server, () => server.roster.all()[0]?.handSince !== undefined, 'the hand up on the board');
    expect(await app.message(/hand raised/)).toMatch(/a lowers it/);
    expect(app.lead()).toBe(`class: test class (127.0.0.1:${join.port}) · hand up │`);

    // Lowered after the prefix, from the shell pane.
    app.setUi({ focus: 'shell' });
    app.feed('\x07a');
    await until(server, () => server.roster.all()[0]?.handSince === undefined, 'the hand down on the board');
    expect(await app.message(/hand lowered/)).toBe('hand lowered');
    expect(app.lead()).not.toContain('hand up');

    // Sharing, from the pane too: on the board, and in the chrome with how many watch.
    app.feed('\x07s');
    await until(server, () => server.roster.all()[0]?.sharing !== undefined, 'sharing on the board');
    expect(await app.message(/sharing/)).toMatch(/until s stops it/);
    expect(app.lead()).toContain('● sharing your screen (0 watching)');
    const key = server.roster.all()[0]!.key;
    const stopWatching = server.watchLearner(
      key,
      () => undefined,
      () => undefined,
    );
    expect(stopWatching).toBeDefined();
    await app.chrome((c) => c?.viewers === 1);
    expect(app.lead()).toContain('● sharing your screen (1 watching)');
    stopWatching!();

    // Stopped from the lesson.
    app.setUi({ focus: 'lesson' });
    app.feed('s');
    await until(server, () => server.roster.all()[0]?.sharing === undefined, 'sharing stopped on the board');
    expect(await app.message(/stopped sharing/)).toBe('stopped sharing your screen');
    expect(app.lead()).not.toContain('sharing');

    // Leaving: the row leaves the board, the chrome says nothing more, the keys say how to join.
    app.feed('L');
    await until(server, () => server.roster.all().length === 0, 'the row gone from the board');
    expect(await app.message(/left the class/)).toMatch(/^left the class test class/);
    expect(app.lead()).toBeUndefined();
    expect(app.seat.joined).toBe(false);
    app.feed('a');
    expect(await app.message(/not in a class/)).toBe(notInClass());
  });

  it('says reconnecting, then away after a minute without the class', async () => {
    // The class server gone: its port is closed before the learner tries it.
    const { server, join } = await startClass();
    await server.close();
    let now = 1_000_000;
    const clock: Clock = {
      now: () => now,
      every: () => ({ cancel: () => undefined }),
      after: () => ({ cancel: () => undefined }),
    };
    const app = workshopUi({ clock });
    const learner = ada(join, app.stub, 'w');
    app.seat.attach(learner);
    expect((await app.chrome((c) => c !== undefined))?.state).toBe('joining');
    expect(app.lead()).toBe(`class: joining 127.0.0.1:${join.port}… │`);
    await app.chrome((c) => c?.state === 'reconnecting');
    expect(app.lead()).toMatch(/not reachable, trying again/);
    // The seat's clock moved a minute on; the learner's next try (real, by itself) reports away.
    now += AWAY_AFTER_MS;
    await app.chrome((c) => c?.state === 'away');
    expect(app.lead()).toMatch(/^class: away, 127\.0\.0\.1:\d+ not reachable for a minute; still trying │$/);
  });
});

describe('the join key', () => {
  it('asks for the join line, pasted or typed, and joins; a bad line is a sentence', async () => {
    const { server, join } = await startClass();
    open.push(server);
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-join-key-'));
    open.push({ close: async () => fs.rmSync(stateDir, { recursive: true, force: true }) });
    const joinLine = joinFromLine(stateDir, 'Ada', fixtureController(), 2, () => undefined);
    const app = workshopUi({
      join: async (line) => {
        const learner = await joinLine(line);
        open.push({ close: () => learner.leave() });
        return learner;
      },
    });

    // A line that is not a join line: the seat says why, and nobody joined.
    app.feed('J');
    app.feed('nonsense');
    expect(app.status()).toMatch(/^class join line: nonsense▏ Enter join {2}Esc cancel$/);
    app.feed('\r');
    expect(await app.message(/not joined/)).toMatch(/^not joined: the join line: /);
    expect(app.seat.joined).toBe(false);

    // A line with the wrong code: refused by the class, said in the chrome; the keys say so too.
    app.feed(`J${formatJoinLine({ ...join, code: 'AAA-AAA' })}\r`);
    await app.chrome((c) => c?.state === 'refused');
    expect(app.lead()).toMatch(/^class: not joined: .+ │$/);
    app.feed('a');
    expect(await app.message(/^not joined: .*; J joins with another line$/)).toBeTruthy();

    // Escape closes the line; from a pane the prefix opens it too; a paste fills it.
    app.feed('J');
    app.feed('\x1b');
    expect(app.status()).not.toMatch(/join line/);
    app.setUi({ focus: 'shell' });
    app.feed('\x07J');
    app.feed(`\x1b[200~${formatJoinLine(join)}\n\x1b[201~`);
    expect(app.status()).toContain(formatJoinLine(join));
    app.feed('\r');
    await until(server, () => server.roster.all()[0]?.name === 'Ada', 'Ada on the board');
    await app.chrome((c) => c?.state === 'connected');
    expect(app.lead()).toBe(`class: test class (127.0.0.1:${join.port}) │`);

    // Joined already: a second line is refused with a sentence.
    app.feed('\x07J');
    app.feed(`${formatJoinLine(join)}\r`);
    expect(await app.message(/already/)).toBe('already in the class test class: L leaves it first');
  });
});

/** Ada, a learner of the class, closed after the test. */
function ada(join: JoinLine, controller: StubController, idChar: string): ClassLearner {
  const learner = new ClassLearner({ join, name: 'Ada', id: idChar.repeat(24), controller, chapterCount: 2 });
  open.push({ close: () => learner.leave() });
  return learner;
}

function fixtureController(): StubController {
  return new StubController(fixture());
}
