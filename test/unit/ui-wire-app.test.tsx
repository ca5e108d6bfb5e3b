// The wire view in the running app, on the real screen loop and a terminal
// the test reads: the app subscribes to the session's wire feed, and what
// the feed takes reaches the screen at a frame once `w` opened the view
// (`W`: every request, reads included); a
// workspace with no audit log says how to turn auditing on, in the view.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkshopController } from '../../src/engine/controller.js';
import { ProgressStore } from '../../src/engine/progress.js';
import { WireFeed } from '../../src/engine/wire-feed.js';
import { WorkshopApp } from '../../src/ui/workshop-app.js';
import { recordedAudit } from '../helpers/audit-events.js';
import { openFixtureSession, type FixtureSession } from '../helpers/fixture-session.js';
import { harness, until } from '../fixtures/ui/screen-harness.js';

let fx: FixtureSession;
beforeAll(async () => {
  fx = await openFixtureSession('test/fixtures/workshop-basic', 'demystify-ui-wire-app-');
}, 30_000);
afterAll(async () => fx?.close());

async function running(feed: WireFeed) {
  const h = harness(140, 40);
  const progress = await ProgressStore.open(fs.mkdtempSync(path.join(fx.home, 'p-')), 'basic');
  const controller = new WorkshopController(fx.workshop, fx.session.deps, progress);
  const app = new WorkshopApp({
    workshop: fx.workshop,
    controller,
    supervisor: fx.session.supervisor,
    progress,
    terminal: h.io,
    loop: h.loop,
    color: false,
    wire: feed,
  });
  void app.start();
  const screen = async (): Promise<string> => (await h.text()).join('\n');
  return {
    h,
    screen,
    shows: (re: RegExp, what: string) => until(async () => re.test(await screen()), what),
    stop: () => {
      controller.stopChecks();
      app.stop();
      h.stop();
    },
  };
}

describe('the wire view in the running app', () => {
  it('opens on w and shows what the feed takes, at a frame', async () => {
    const feed = new WireFeed(path.join(fx.ws, 'audit', 'audit.log'));
    const a = await running(feed);
    try {
      await a.shows(/Step 1\//, 'the first frame');
      expect(await a.screen()).not.toMatch(/^wire · /m);
      a.h.type('w');
      await a.shows(/^wire · writes and watches · w hides it/m, 'the wire view open');
      feed.take(recordedAudit('control-plane.log.gz').map((event) => ({ kind: 'event', event })));
      await a.shows(
        /scheduler +create +pods\/binding +default\/web-99c757c56-sqcqm +201/,
        'the feed’s lines',
      );
      // W: every request, reads and heartbeats included, and back.
      a.h.type('W');
      await a.shows(/^wire · every request · w hides it/m, 'every request');
      await a.shows(/ (get|list) +\S/, 'a read');
      a.h.type('W');
      await a.shows(/^wire · writes and watches · w hides it/m, 'writes and watches again');
      a.h.type('w');
      await until(async () => !/^wire · /m.test(await a.screen()), 'the wire view hidden');
      // W with the view hidden opens it, on every request.
      a.h.type('W');
      await a.shows(/^wire · every request · w hides it/m, 'opened on every request');
    } finally {
      a.stop();
    }
  });

  it('says how to turn auditing on when the workspace has no audit log', async () => {
    const feed = new WireFeed(path.join(fx.ws, 'no-audit-here', 'audit.log'), { pollMs: 10 });
    feed.start();
    const a = await running(feed);
    try {
      a.h.type('w');
      await a.shows(
        /^-- there is no audit log at .*no-audit-here\/audit\.log: the API server writes one/m,
        'the sentence',
      );
    } finally {
      a.stop();
      await feed.close();
    }
  });
});
