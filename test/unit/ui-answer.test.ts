// The answer line on the Ink lesson, over a real controller on a real shell
// (test/fixtures/workshop-questions): the run key on a question opens a line
// the value is typed on, Enter gives it to the controller's answer(), which
// judges it against the truth read now; after a wrong try `h` puts the worked
// answer into the lesson; a prediction's choices are picked with the arrows,
// and once its reveal step passed the lesson says "you said X, it was Y".
import { describe, expect, it } from 'vitest';
import { routerHost } from '../../src/ui/app-commands.js';
import { InputRouter } from '../../src/ui/input-router.js';
import { composeLesson } from '../../src/ui/lesson-text.js';
import { statusSentence } from '../../src/ui/components/StatusBar.js';
import { makeTheme } from '../../src/ui/theme.js';
import type { UiState } from '../../src/ui/ui-state.js';
import { firstWorkshopState } from '../../src/ui/workshop-state.js';
import { screenlessApp } from '../helpers/app-context.js';
import { until } from '../helpers/controller-until.js';
import { questionsSession } from '../helpers/questions-session.js';

const q = questionsSession('demystify-answer-line-');
const theme = makeTheme(false);
const stripColour = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/** The router and the app's commands over a real controller; no screen (the keys and the views are tested). */
async function app() {
  const { c } = await q.controller();
  const host = screenlessApp(q.fx.workshop, c, theme);
  const router = new InputRouter(routerHost(host.ctx));
  const lesson = (): string =>
    stripColour(
      composeLesson({ ...c.state(), width: 100, theme, workedAnswer: c.state().workedAnswer }).lines.join(
        '\n',
      ),
    );
  const status = (): string =>
    stripColour(
      statusSentence(firstWorkshopState(c.state(), { presenter: false, chapters: [], ui: host.ui() }), theme),
    );
  /** Waits until the effects the keys started have settled into the UI state. */
  const settled = async (ok: (u: UiState) => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !ok(host.ui()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok(host.ui())).toBe(true);
  };
  return { c, feed: (keys: string) => router.feed(keys), ui: host.ui, lesson, status, settled };
}

const secret = q.secret;

describe('the answer line in the lesson', () => {
  it('a question is answered on the line the run key opens; a wrong value is refused, the worked answer shows in the lesson', async () => {
    const a = await app();
    a.feed('r');
    await until(a.c, (s) => s.current?.id === 'secret' && s.run.steps.secret?.kind === 'waiting');
    expect(a.status()).toMatch(/waiting for your answer .* — r to answer here/);
    a.feed('\r');
    expect(a.ui().overlay).toMatchObject({ kind: 'answer', awaiting: 'answer', text: '' });
    // An empty line says nothing; Escape closes it and the question still waits.
    a.feed('\r');
    expect(a.ui().overlay.kind).toBe('answer');
    a.feed('\x1b');
    expect(a.ui().overlay.kind).toBe('none');
    const wrong = String(Number(secret()) + 1);
    a.feed(`r${wrong}9\x7f`);
    expect(a.status()).toMatch(new RegExp(`^your answer: ${wrong}▏ Enter answer {2}Esc cancel`));
    a.feed('\r');
    await until(a.c, (s) => s.run.answers.secret?.wrongTries === 1);
    await a.settled((u) => (u.message ?? '').includes('is not it'));
    expect(a.ui().overlay.kind).toBe('none');
    expect(a.lesson()).not.toContain('worked answer');
    a.feed('hh');
    await until(a.c, (s) => s.workedAnswer !== undefined);
    expect(a.lesson()).toMatch(
      /Hint 1:[^]*The worked answer: run this and read the value off its output\n▌ +\$ head -n 1 marks\/secret/,
    );
    a.feed(`r ${secret()}\r`);
    await until(a.c, (s) => s.run.steps.secret?.kind === 'passed');
    expect(a.c.state().run.answers.secret).toEqual({ wrongTries: 1, last: secret(), right: true });
  }, 40_000);

  it('a prediction’s choices are picked with the arrows, and the lesson reveals the outcome after its step', async () => {
    const a = await app();
    a.feed('r');
    await until(a.c, (s) => s.awaiting === 'answer');
    a.feed(`r${secret()}\r`);
    await until(a.c, (s) => s.current?.id === 'lines' && s.awaiting === 'prediction');
    a.feed('r');
    expect(a.ui().overlay).toMatchObject({
      kind: 'answer',
      awaiting: 'prediction',
      choices: ['1', '2', '3'],
    });
    // Letters do not type into a line with choices; the arrows go round them.
    a.feed('x\x1b[D\x1b[D');
    expect(a.status()).toMatch(/^your prediction: {2}1 {2}\[2\] {2}3 {3}Enter answer/);
    expect(a.ui().overlay).toMatchObject({ picked: 1 });
    a.feed('\r');
    await until(a.c, (s) => s.run.predictions.lines?.said === '2');
    expect(a.lesson()).not.toContain('→ you said');
    a.feed('r');
    await until(a.c, (s) => s.run.predictions.lines?.outcome !== undefined);
    expect(a.lesson()).toContain(
      '→ you said 2, it was 2 — as you said. printf writes one line per \\n, and the step has two.',
    );
  }, 40_000);
});
