// Screens over the class on loopback: a learner's shared screen reaches the
// instructor's view (our own emulator) with a keyframe when it opens, the
// learner is told someone watches, and stopping sharing closes the view; the
// presenter's screen reaches a watcher, who joins late and still gets the
// whole screen. A screen nobody shares does not open.
import { describe, expect, it } from 'vitest';
import { ClassLearner } from '../../src/class/learner.js';
import { PresenterStream } from '../../src/class/presenter-stream.js';
import { RemoteScreen } from '../../src/class/remote-screen.js';
import type { ScreenSource } from '../../src/class/screen-share.js';
import { PresenterWatch } from '../../src/class/watch.js';
import { classIdentity, classTestFile, startClass, StubController, until } from '../helpers/class-room.js';

const { workshop: fixture, open } = classTestFile();

/** A screen of 40x6 that writes a line when told, and draws itself whole on a keyframe. */
function fakeScreen(): ScreenSource & { say(text: string): void; keyframes: number } {
  const listeners = new Set<(s: string) => void>();
  let lines: string[] = ['first line'];
  const emit = (s: string): void => listeners.forEach((l) => l(s));
  const whole = (): string => `\x1b[H\x1b[2J${lines.join('\r\n')}`;
  return {
    cols: 40,
    rows: 6,
    keyframes: 0,
    onData: (l) => (listeners.add(l), () => listeners.delete(l)),
    onResize: () => () => {},
    keyframe() {
      this.keyframes += 1;
      emit(whole());
    },
    say(text) {
      lines = [...lines, text];
      emit(`\r\n${text}`);
    },
  };
}

const until2 = async (ok: () => boolean | Promise<boolean>, what: string): Promise<void> => {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never happened: ${what}`);
};

describe('a learner’s shared screen', () => {
  it('reaches the instructor whole and live, and only while shared', async () => {
    const { server, join } = await startClass();
    open.push(server);
    const learner = new ClassLearner({
      join,
      name: 'Ada',
      id: 'a'.repeat(24),
      controller: new StubController(fixture()),
      chapterCount: 2,
    });
    open.push({ close: () => learner.leave() });
    await until(server, () => server.roster.all()[0]?.connected === true, 'Ada joined');
    const key = server.roster.all()[0]!.key;
    const notShared = () =>
      server.watchLearner(
        key,
        () => undefined,
        () => undefined,
      );
    expect(notShared()).toBeUndefined();

    const screen = fakeScreen();
    learner.shareScreen(screen);
    await until(server, () => server.roster.all()[0]?.sharing !== undefined, 'Ada shares');
    const view = new RemoteScreen();
    const stop = server.watchLearner(
      key,
      (c) => view.data(c),
      (s) => view.resize(s),
    )!;
    expect(stop).toBeDefined();
    // Opening the view asked the learner for the whole screen, and told them someone watches.
    await until2(async () => (await view.text())[0] === 'first line', 'the whole screen at the instructor');
    expect(view.size).toEqual({ cols: 40, rows: 6 });
    await until2(() => learner.status().viewers === 1, 'Ada sees one viewer');
    screen.say('second line, live');
    await until2(async () => (await view.text())[1] === 'second line, live', 'a new line at the instructor');

    stop();
    await until2(() => learner.status().viewers === 0, 'nobody watches');
    learner.shareScreen(undefined);
    await until(server, () => server.roster.all()[0]?.sharing === undefined, 'Ada stopped sharing');
    expect(notShared()).toBeUndefined();
    view.dispose();
  });
});

describe('the presenter’s screen', () => {
  it('reaches a watcher who joins late, whole, and then live', async () => {
    const id = await classIdentity();
    const { server, join } = await startClass();
    open.push(server);
    const screen = fakeScreen();
    const presenter = new PresenterStream(join, id.presenterToken, screen);
    open.push(presenter);
    await until(server, () => server.connections().presenter, 'the presenter connected');
    screen.say('before anyone watched');
    const watch = new PresenterWatch(join);
    open.push(watch);
    await until2(
      async () => (await watch.screen.text()).includes('before anyone watched'),
      'the whole screen at the watcher',
    );
    expect(server.connections().watchers).toBe(1);
    screen.say('live now');
    await until2(async () => (await watch.screen.text()).includes('live now'), 'live at the watcher');
  });

  it('refuses a presenter with the wrong token', async () => {
    const { server, join } = await startClass();
    open.push(server);
    const presenter = new PresenterStream(join, 'not-the-token', fakeScreen());
    open.push(presenter);
    await until2(() => server.counts.wrongCode === 1, 'the wrong token counted');
    expect(server.connections().presenter).toBe(false);
  });
});
