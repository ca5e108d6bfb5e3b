import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Teardowns } from '../../src/engine/teardown.js';
import { createSupervisor } from '../../src/terminal/supervisor.js';
import type { Supervisor } from '../../src/terminal/types.js';

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stopAll(500);
});

describe('teardown scripts', () => {
  it('run once after a session started the chapter’s components, and not otherwise', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-teardown-'));
    const script = path.join(dir, 'teardown.sh');
    fs.writeFileSync(script, 'echo "$WORKSPACE" >> "$WORKSPACE/ran"\n');
    supervisor = createSupervisor({ stateDir: path.join(dir, 'state') });
    const teardowns = new Teardowns(
      [
        { script, panes: ['containerd'] },
        { script: path.join(dir, 'never.sh'), panes: ['kubelet'] },
      ],
      supervisor,
    );
    const env = { PATH: process.env.PATH ?? '', WORKSPACE: dir };
    const log = path.join(dir, 'teardown.log');
    expect(await teardowns.run(env, dir, log)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);

    supervisor.start({ name: 'containerd', command: 'sleep 30', cwd: dir, env: {} });
    await supervisor.stopAll(500);
    expect(await teardowns.run(env, dir, log)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'ran'), 'utf8')).toBe(`${dir}\n`);
    // Needed once per start: a second close does not run it again.
    await teardowns.run(env, dir, log);
    expect(fs.readFileSync(path.join(dir, 'ran'), 'utf8')).toBe(`${dir}\n`);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/teardown\.sh \(exit 0\)/);
  });

  it('reports a failing script with where its output went', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-teardown-'));
    const script = path.join(dir, 'bad.sh');
    fs.writeFileSync(script, 'echo boom; exit 3\n');
    supervisor = createSupervisor({ stateDir: path.join(dir, 'state') });
    const teardowns = new Teardowns([{ script, panes: ['kubelet'] }], supervisor);
    supervisor.start({ name: 'kubelet', command: 'sleep 30', cwd: dir, env: {} });
    await supervisor.stopAll(500);
    const log = path.join(dir, 'teardown.log');
    expect(await teardowns.run({ PATH: process.env.PATH ?? '' }, dir, log)).toEqual([
      `bad.sh failed (exit 3); see ${log}`,
    ]);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/boom/);
  });
});
