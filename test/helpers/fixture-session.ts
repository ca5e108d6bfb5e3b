// A real session (a real bash, a real supervisor, no cluster) over a fixture
// workshop, in a temporary home: what the engine's session-level tests share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultVersions } from '../../src/cluster/versions.js';
import { openSession, type Session } from '../../src/engine/session.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';

export interface FixtureSession {
  readonly home: string;
  readonly ws: string;
  readonly stateDir: string;
  readonly session: Session;
  readonly workshop: Workshop;
  /** Closes the session and removes the home. */
  close(): Promise<void>;
}

export async function openFixtureSession(lessons: string, prefix: string): Promise<FixtureSession> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const ws = path.join(home, 'ws');
  const stateDir = path.join(home, 'state');
  const workshop = (await loadWorkshop(lessons)).workshop;
  const session = await openSession({
    workspace: ws,
    lessonsDir: lessons,
    assetsDir: 'assets',
    stateDir,
    versions: defaultVersions,
  });
  return {
    home,
    ws,
    stateDir,
    session,
    workshop,
    close: async () => {
      await session.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
