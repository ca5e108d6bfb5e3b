// The wire view in the workshop screen, rendered by Ink from a store fed by a
// session's wire feed holding the recorded control-plane audit log: agents
// named, the step's filter applied, the no-auditing sentence, "what just
// happened" in the window of the step just left; and its key, through the
// router and the app's commands, to the controller's toggle.
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import React from 'react';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkshopController, type ControllerState } from '../../src/engine/controller.js';
import { ProgressStore } from '../../src/engine/progress.js';
import { WireFeed } from '../../src/engine/wire-feed.js';
import { routerHost } from '../../src/ui/app-commands.js';
import { WorkshopScreen } from '../../src/ui/components/WorkshopScreen.js';
import { footerHints, helpSections } from '../../src/ui/key-bindings.js';
import { InputRouter } from '../../src/ui/input-router.js';
import { wireRows } from '../../src/ui/layout.js';
import { ScreenProviders, SlotRegistry } from '../../src/ui/screen-context.js';
import { Store } from '../../src/ui/store.js';
import { makeTheme } from '../../src/ui/theme.js';
import { leftStepLabel, STORY_GRACE_MS, StoryTeller, wireRegionState } from '../../src/ui/wire-region.js';
import { firstWorkshopState, workshopStore, type WorkshopState } from '../../src/ui/workshop-state.js';
import { screenlessApp } from '../helpers/app-context.js';
import { recordedAudit } from '../helpers/audit-events.js';
import { openFixtureSession, type FixtureSession } from '../helpers/fixture-session.js';
import { controllerAt, runningPanes } from '../fixtures/ui/screen-harness.js';

const theme = makeTheme(false);
const recorded = recordedAudit('control-plane.log.gz');
const LOG = '/ws/audit/audit.log';
let fx: FixtureSession;

beforeAll(async () => {
  fx = await openFixtureSession('test/fixtures/workshop-basic', 'demystify-ui-wire-');
}, 30_000);
afterAll(async () => fx?.close());

function feed(): WireFeed {
  const f = new WireFeed(LOG);
  f.take(recorded.map((event) => ({ kind: 'event', event })));
  return f;
}

/** The fixture's first chapter with the wire view as a step (or the key) left it. */
function controller(wire: ControllerState['wire'], lastStep?: ControllerState['lastStep']): ControllerState {
  return { ...controllerAt(fx.workshop), wire, lastStep };
}

function screen(c: ControllerState, apiServer?: string): string[] {
  return renderScreen({
    ...firstWorkshopState(c, { presenter: false, chapters: [] }),
    wire: wireRegionState(feed(), c, apiServer, new StoryTeller().of(feed(), c.lastStep, 'step 1')),
  });
}

/** Ink's frame of the workshop screen in this state, at 140x40, with a shell and the API server's pane. */
function renderScreen(state: WorkshopState, cols = 140, rows = 40): string[] {
  const s: WorkshopState = { ...state, panes: runningPanes(['shell', 'kube-apiserver']) };
  const { lastFrame, unmount } = render(
    <ScreenProviders size={{ cols, rows }} theme={theme} slots={new SlotRegistry()}>
      <Box width={cols} height={rows} flexDirection="column">
        <workshopStore.Provider store={new Store(s)}>
          <WorkshopScreen />
        </workshopStore.Provider>
      </Box>
    </ScreenProviders>,
  );
  const out = stripVTControlCharacters(lastFrame() ?? '').split('\n');
  unmount();
  return out;
}

/** The wire region's rows: from its title to the status line. */
function region(lines: string[], rows = 40): string[] {
  const top = lines.findIndex((l) => l.startsWith('wire · '));
  expect(top).toBeGreaterThan(0);
  return lines.slice(top, top + wireRows(rows));
}

describe('the wire view in the workshop screen', () => {
  it('is not there while closed', () => {
    expect(screen(controller({ open: false, who: [] })).some((l) => l.startsWith('wire · '))).toBe(false);
  });

  it('shows the newest requests, one a row, with the components named', () => {
    const rows = region(screen(controller({ open: true, who: [] })));
    expect(rows[0]).toMatch(/^wire · writes and watches · w hides it ─+$/);
    expect(rows).toHaveLength(wireRows(40));
    const body = rows.slice(1).join('\n');
    // The recorded log ends with kubectl's scale and what it set off.
    expect(body).toMatch(/replicaset controller +create +pods/);
    expect(body).toMatch(/scheduler +create +pods\/binding +default\/web-99c757c56-sqcqm +201/);
    // Reads are hidden by default; no agent is shown raw (system:...).
    expect(body).not.toMatch(/ get +| system:/);
  });

  it("applies a step's filter: only the components it names", () => {
    const rows = region(screen(controller({ open: true, who: ['scheduler'] })));
    expect(rows[0]).toContain('wire · writes and watches of scheduler');
    const live = rows.slice(1).filter((l) => l.trim());
    expect(live.length).toBeGreaterThan(2);
    for (const l of live) expect(l).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}scheduler /);
  });

  it('says in one sentence that the API server runs without auditing', () => {
    const rows = region(screen(controller({ open: true, who: [] }), 'kube-apiserver --etcd-servers=x'));
    expect(rows.slice(1, 3).join(' ')).toContain(
      'kube-apiserver is running without auditing, so the wire view has nothing new to show: start it again with --audit-policy-file',
    );
    // Started with its audit flags, it says nothing of the kind.
    const on = region(
      screen(
        controller({ open: true, who: [] }),
        `kube-apiserver --audit-policy-file=p.yaml --audit-log-path=${LOG}`,
      ),
    );
    expect(on.join('\n')).not.toContain('without auditing');
  });

  it('wraps a notice about the log itself, read whole, among the lines', () => {
    const c = controller({ open: true, who: ['scheduler'] });
    const f = feed();
    f.take([
      {
        kind: 'notice',
        text: `the audit log ${LOG} was deleted: the API server goes on writing into the deleted file until it restarts, and the wire view goes on reading it`,
      },
    ]);
    const s: WorkshopState = {
      ...firstWorkshopState(c, { presenter: false, chapters: [] }),
      wire: wireRegionState(f, c, undefined, undefined),
    };
    const rows = region(renderScreen(s), 40);
    expect(rows.at(-2)).toMatch(
      /^-- the audit log \/ws\/audit\/audit\.log was deleted: the API server goes on writing/,
    );
    expect(rows.at(-1)).toMatch(/^ {3}\S.*reading it *$/);
    expect(rows.at(-3)).toMatch(/scheduler/);
  });

  it('tells what the step just left set off, above the lines', () => {
    const scale = recorded.find((e) => e.objectRef?.subresource === 'scale')!;
    const c = controllerAt(fx.workshop);
    const rows = region(
      screen(
        controller(
          { open: true, who: [] },
          { stepId: c.run.stepIds[0]!, from: scale.time - 1, to: scale.time + 500 },
        ),
      ),
    );
    expect(rows.slice(1, 4)).toEqual([
      expect.stringMatching(/^what just happened \(step 1\): *$/),
      expect.stringMatching(/^ {2}you \(kubectl\) scaled deployment\/web *$/),
      expect.stringMatching(/^ {4}deployment controller updated replicaset\/web-99c757c56 *$/),
    ]);
  });
});

describe("the story of a step's window", () => {
  const scale = recorded.find((e) => e.objectRef?.subresource === 'scale')!;
  const window = { stepId: '1', from: scale.time - 1, to: scale.time + 500 };

  it('is told again while late writes may still come, then kept', () => {
    const teller = new StoryTeller();
    const f = feed();
    const first = teller.of(f, window, 'step 1', window.to + 1000);
    expect(first?.lines[0]).toBe('you (kubectl) scaled deployment/web');
    // Within its grace, a second later: told again (a kubelet's status write may have come).
    const again = teller.of(f, window, 'step 1', window.to + 2100);
    expect(again).not.toBe(first);
    // Its grace over once told: kept as it was, however often the feed changes.
    const late = teller.of(f, window, 'step 1', window.to + STORY_GRACE_MS + 5000);
    expect(teller.of(f, window, 'step 1', window.to + STORY_GRACE_MS + 9000)).toBe(late);
  });

  it("names the step left as it was, in its own chapter's numbering", () => {
    const c = controllerAt(fx.workshop);
    const left = { stepId: c.run.stepIds[1]!, from: 0, to: 1 };
    expect(leftStepLabel(c, { ...c, lastStep: left })).toBe('step 2');
    expect(leftStepLabel(c, { ...controllerAt(fx.workshop, 1), lastStep: left })).toBe('step 2 of chapter 0');
  });
});

describe('the wire key', () => {
  it('is in the footer and the help', () => {
    expect(footerHints('main')).toContainEqual({ keys: 'w', label: 'wire' });
    const main = helpSections()[0]!.rows;
    expect(main).toContainEqual(expect.objectContaining({ keys: 'w', prefixed: 'Ctrl-g w' }));
    expect(main).toContainEqual(expect.objectContaining({ keys: 'W', prefixed: 'Ctrl-g W' }));
  });

  it("toggles the controller's wire view, from the lesson and (after the prefix) from a pane", async () => {
    const progress = await ProgressStore.open(fs.mkdtempSync(path.join(fx.home, 'p-')), 'basic');
    const c = new WorkshopController(fx.workshop, fx.session.deps, progress);
    const app = screenlessApp(fx.workshop, c, theme);
    const router = new InputRouter(routerHost(app.ctx));
    try {
      expect(c.state().wire?.open).toBe(false);
      router.feed('w');
      expect(c.state().wire?.open).toBe(true);
      app.setUi({ ...app.ui(), focus: 'shell' });
      router.feed('\x07w');
      expect(c.state().wire?.open).toBe(false);
    } finally {
      c.stopChecks();
    }
  });
});
