// Panes over real components: the pty's output reaches the pane's emulator,
// the pty learns the pane's size, and a component started again under the
// same name keeps its pane and history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaneRegistry } from '../../src/terminal/pane-registry.js';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import type { Supervisor } from '../../src/terminal/types.js';

let dir: string;
let supervisor: Supervisor;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-panes-'));
  supervisor = createSupervisor({ stateDir: dir, graceMs: 1_000 });
});
afterAll(async () => {
  await supervisor.stopAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until(test: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const screenText = (rows: number, text: (y: number) => string): string =>
  Array.from({ length: rows }, (_, y) => text(y)).join('\n');

describe('PaneRegistry', () => {
  it('feeds each pane from its pty and resizes pty and emulator together', async () => {
    const panes = new PaneRegistry(supervisor, { cols: 80, rows: 24 });
    const changes: number[] = [];
    panes.onChange(() => changes.push(1));
    const c = supervisor.start({
      name: 'sizer',
      command: 'while read -r _; do stty size; done',
      cwd: dir,
      env: {},
    });
    expect(panes.list().map((p) => p.name)).toEqual(['sizer']);
    expect(changes.length).toBe(1);
    const pane = panes.get('sizer')!;
    pane.resize(50, 10);
    expect([pane.screen.cols, pane.screen.rows]).toEqual([50, 10]);
    pane.write('\r');
    const text = (): string => screenText(10, (y) => pane.screen.lineText(pane.screen.viewTop + y));
    await until(() => text().includes('10 50'));
    await c.stop();
    panes.dispose();
  });

  it('keeps the pane and its history when a name is started again', async () => {
    const panes = new PaneRegistry(supervisor);
    supervisor.start({ name: 'again', command: 'echo first run', cwd: dir, env: {} });
    const pane = panes.get('again')!;
    const text = (): string => screenText(24, (y) => pane.screen.lineText(y));
    await until(() => text().includes('first run') && pane.state().kind !== 'starting');
    supervisor.start({ name: 'again', command: 'echo second run; sleep 5', cwd: dir, env: {} });
    expect(panes.get('again')).toBe(pane);
    await until(() => text().includes('second run'));
    expect(text()).toMatch(/first run[\s\S]*started again[\s\S]*second run/);
    await pane.component().stop();
    panes.dispose();
  });
});
