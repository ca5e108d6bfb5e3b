// The questions fixture (test/fixtures/workshop-questions) on one real
// session per test file, and controllers on its `ask` chapter: what the
// controller's question tests and the answer line's tests share. The
// controllers a test made stop after it, and the marks its steps wrote go.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WorkshopController } from '../../src/engine/controller.js';
import { ProgressStore } from '../../src/engine/progress.js';
import { openFixtureSession, type FixtureSession } from './fixture-session.js';

export const QUESTIONS_LESSONS = 'test/fixtures/workshop-questions';

export interface QuestionsSession {
  /** The session (valid once the file's tests run). */
  readonly fx: FixtureSession;
  /** A controller on the `ask` chapter with progress of its own. */
  controller(): Promise<{ c: WorkshopController; progress: ProgressStore }>;
  /** The value the fixture's question reads as the truth. */
  secret(): string;
}

export function questionsSession(prefix: string): QuestionsSession {
  let fx: FixtureSession | undefined;
  const controllers: WorkshopController[] = [];
  const session = (): FixtureSession => {
    if (!fx) throw new Error('the questions session is not open yet');
    return fx;
  };
  beforeAll(async () => {
    fx = await openFixtureSession(QUESTIONS_LESSONS, prefix);
  }, 30_000);
  afterEach(() => {
    for (const c of controllers.splice(0)) c.stopChecks();
    fs.rmSync(path.join(session().ws, 'marks'), { recursive: true, force: true });
  });
  afterAll(async () => fx?.close());
  return {
    get fx() {
      return session();
    },
    async controller() {
      const s = session();
      const progress = await ProgressStore.open(fs.mkdtempSync(path.join(s.home, 'p-')), QUESTIONS_LESSONS);
      const c = new WorkshopController(s.workshop, s.session.deps, progress, { chapterId: 'ask' });
      controllers.push(c);
      return { c, progress };
    },
    secret: () => fs.readFileSync(path.join(session().ws, 'marks', 'secret'), 'utf8').trim(),
  };
}
