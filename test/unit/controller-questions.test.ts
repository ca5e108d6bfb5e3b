// The controller's questions and predictions on a real session (a real
// bash, real commands reading the truth) over test/fixtures/workshop-questions:
// neither Enter (run) nor n (next) passes a question or a prediction; a wrong
// answer is refused and counted; the worked answer is offered only after a
// wrong try; the right answer, typed or sent with `answer` from the shell,
// passes; a prediction is recorded before the next step may run and revealed
// after its reveal step; progress keeps both.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkshopController } from '../../src/engine/controller.js';
import { revealSentence } from '../../src/engine/questions.js';
import type { PredictStep } from '../../src/lesson/model.js';
import { until } from '../helpers/controller-until.js';
import { questionsSession } from '../helpers/questions-session.js';

const q = questionsSession('demystify-questions-');
const controller = q.controller;
const secret = q.secret;
const statusOf = (c: WorkshopController, id: string): string | undefined => c.state().run.steps[id]?.kind;

describe('questions and predictions in the controller', () => {
  it('a question passes only on the right answer: not on Enter, not on n; the worked answer only after a wrong try', async () => {
    const { c, progress } = await controller();
    await c.runCurrent();
    expect(c.state().current?.id).toBe('secret');
    expect(c.state().awaiting).toBe('answer');
    expect(c.state().run.steps.secret).toEqual({
      kind: 'waiting',
      waiting: 'waiting for your answer (in the shell: answer VALUE)',
      progress: undefined,
    });
    // Enter (run) and n (next) do not pass it.
    await c.runCurrent();
    expect(c.state().notice).toMatch(/^a question is answered, not run or skipped/);
    expect(c.next()).toEqual({ ok: false, reason: expect.stringMatching(/^a question is answered/) });
    expect([statusOf(c, 'secret'), c.state().current?.id]).toEqual(['waiting', 'secret']);
    // The lesson's own hint first; the worked answer not before a try.
    expect(c.showHint()).toEqual({ ok: true });
    expect(c.state().hintsShown).toBe(1);
    expect(c.showHint()).toEqual({
      ok: false,
      reason: 'no more hints: the worked answer shows after a first wrong try',
    });
    expect(c.state().workedAnswer).toBeUndefined();
    expect(await c.answer('   ')).toEqual({ ok: false, reason: 'type the value you read off the output' });
    // A wrong answer: refused, counted, and said without giving the truth away.
    const wrong = String(Number(secret()) + 1);
    const refused = await c.answer(wrong);
    expect(refused).toEqual({ ok: false, reason: `${wrong} is not it: look at the output again (a number)` });
    expect(c.state().run.answers.secret).toEqual({ wrongTries: 1, last: wrong, right: false });
    expect(c.state().run.steps.secret).toMatchObject({
      kind: 'waiting',
      progress: refused.ok ? '' : refused.reason,
    });
    expect(JSON.stringify({ ...c.state(), chapter: undefined })).not.toContain(secret());
    expect(c.next().ok).toBe(false);
    // Now h shows the worked answer: the learner still types the value.
    expect(c.showHint()).toEqual({ ok: true });
    expect(c.state().workedAnswer).toBe('head -n 1 marks/secret');
    expect(statusOf(c, 'secret')).toBe('waiting');
    expect(await c.answer(` ${secret()} `)).toEqual({ ok: true });
    expect(c.state().run.answers.secret).toEqual({ wrongTries: 1, last: secret(), right: true });
    expect(c.state().current?.id).toBe('lines');
    expect(c.state().workedAnswer).toBeUndefined();
    expect((await progress.read()).chapters.ask?.answers).toEqual({ secret: secret() });
  }, 40_000);

  it('the truth is read when the answer is given, not before', async () => {
    const { c } = await controller();
    await c.runCurrent();
    const first = secret();
    fs.writeFileSync(path.join(q.fx.ws, 'marks', 'secret'), `${Number(first) + 10}\n`);
    expect((await c.answer(first)).ok).toBe(false);
    expect((await c.answer(String(Number(first) + 10))).ok).toBe(true);
  }, 30_000);

  it('answer VALUE in the learner’s shell answers the question waiting, and says when none waits', async () => {
    const { c } = await controller();
    const shell = q.fx.session.shell;
    // On the first step nothing waits (once the controller has said so): the shell says so in one line.
    const tokenFile = path.join(q.fx.stateDir, 'awaiting-answer');
    for (let i = 0; i < 100 && fs.readFileSync(tokenFile, 'utf8') !== ''; i++)
      await new Promise((r) => setTimeout(r, 20));
    const none = await shell.run('answer 12', 10_000);
    expect(none).toMatchObject({ kind: 'done', status: 1 });
    expect(none.output.trim()).toBe('demystify: no question or prediction is waiting for an answer');
    await c.runCurrent();
    const wrong = await shell.run('answer 1', 10_000);
    // Nothing printed but the mark; the lesson says the rest.
    expect(wrong).toMatchObject({ kind: 'done', status: 0, output: '' });
    await until(c, (s) => s.run.answers.secret?.wrongTries === 1);
    await shell.run('answer "$(cat marks/secret)"', 10_000);
    await until(c, (s) => s.run.steps.secret?.kind === 'passed');
    // The prediction waits next: the same command gives it.
    expect(c.state().awaiting).toBe('prediction');
    await shell.run('answer 3', 10_000);
    await until(c, (s) => s.run.predictions.lines?.said === '3');
  }, 40_000);

  it('a prediction is recorded before the next step may run, and revealed after its reveal step', async () => {
    const { c, progress } = await controller();
    await c.runCurrent();
    await c.answer(secret());
    expect(c.state().current?.id).toBe('lines');
    expect(c.state().awaiting).toBe('prediction');
    await c.runCurrent();
    expect(c.state().notice).toMatch(/the next step waits for your prediction$/);
    expect(c.next().ok).toBe(false);
    expect(await c.predict('7')).toEqual({ ok: false, reason: 'pick one of 1, 2, 3' });
    expect(await c.predict('3')).toEqual({ ok: true });
    expect(c.state().current?.id).toBe('write');
    await c.runCurrent();
    // The check after it passes by itself, then the outcome is measured: a wrong prediction does not block.
    const revealed = await until(c, (s) => s.run.predictions.lines?.outcome !== undefined);
    expect(revealed.run.predictions.lines).toEqual({ said: '3', outcome: '2', error: undefined });
    const step = c.state().chapter.steps.find((s) => s.id === 'lines') as PredictStep;
    expect(revealSentence(step, revealed.run.predictions.lines!)).toBe(
      'you said 3, it was 2. printf writes one line per \\n, and the step has two.',
    );
    // A free prediction, revealed after a shell step the learner did by hand and moved past with n.
    await until(c, (s) => s.current?.id === 'word');
    expect(await c.predict('  Green ')).toEqual({ ok: true });
    fs.writeFileSync(path.join(q.fx.ws, 'marks', 'word'), 'Blue\n');
    expect(c.next()).toEqual({ ok: true });
    await until(c, (s) => s.run.predictions.word?.outcome === 'Blue');
    for (let i = 0; i < 100 && !(await progress.read()).chapters.ask?.predictions?.word?.outcome; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await progress.read()).chapters.ask?.predictions).toEqual({
      lines: { said: '3', outcome: '2' },
      word: { said: 'Green', outcome: 'Blue' },
    });
  }, 40_000);
});
