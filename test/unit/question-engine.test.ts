// The engine's side of questions and predictions, piece by piece: the
// reducer's records, the value a real command reads (stdout only, stderr
// kept apart), the `answer` shell function in a real bash with the mark it
// prints, and the sentences the learner sees.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MarkScanner } from '../../src/engine/osc133.js';
import { pickPrediction, revealSentence, verdictEvents } from '../../src/engine/questions.js';
import { shellRc } from '../../src/engine/shell-rc.js';
import { initialState, reduce } from '../../src/engine/step-status.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import { askLines } from '../../src/lesson/answer-form.js';
import type { PredictStep, QuestionStep } from '../../src/lesson/model.js';
import { readCommandValue } from '../../src/verify/command-value.js';

const chapter = parseChapter(
  'c.md',
  [
    '---\nid: c\ntitle: C\n---',
    '```yaml {question id=q}\nask: Which?\nanswer: echo 7\nsolution: echo 7\nform: number\n```',
    '```yaml {predict id=p}\nask: How many?\nchoices: ["1", "2"]\noutcome: echo 2\nwhy: Two it is.\n```',
    '```yaml {check id=c}\ncommand: "true"\n```',
  ].join('\n'),
).chapter!;
const question = chapter.steps[0] as QuestionStep;
const prediction = chapter.steps[1] as PredictStep;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-questions-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the reducer keeps answers and predictions', () => {
  it('counts wrong tries, keeps the last answer, and forgets both on reset', () => {
    let s = initialState(chapter);
    expect(s.answers).toEqual({});
    const wrong = verdictEvents(question, { kind: 'wrong', value: '8', truth: '7' }, 5);
    expect(wrong).toEqual({
      ok: false,
      reason: '8 is not it: look at the output again (a number)',
      events: [
        { type: 'answered', stepId: 'q', value: '8', right: false },
        {
          type: 'waiting',
          stepId: 'q',
          waiting: 'waiting for your answer (in the shell: answer VALUE)',
          progress: '8 is not it: look at the output again (a number)',
        },
      ],
    });
    for (const e of wrong.events) s = reduce(s, e);
    expect(s.answers.q).toEqual({ wrongTries: 1, last: '8', right: false });
    expect(s.cursor).toBe(0);
    // The truth never reaches what the learner is shown.
    expect(JSON.stringify(s)).not.toContain('"7"');
    for (const e of verdictEvents(question, { kind: 'right', value: '7' }, 5).events) s = reduce(s, e);
    expect(s.answers.q).toEqual({ wrongTries: 1, last: '7', right: true });
    expect(s.steps.q).toEqual({ kind: 'passed', detail: '7: right', ms: 5 });
    expect(s.cursor).toBe(1);
    s = reduce(s, { type: 'predicted', stepId: 'p', said: '1' });
    s = reduce(s, { type: 'revealed', stepId: 'p', outcome: '2' });
    expect(s.predictions.p).toEqual({ said: '1', outcome: '2', error: undefined });
    expect(revealSentence(prediction, s.predictions.p!)).toBe('you said 1, it was 2. Two it is.');
    s = reduce(s, { type: 'reset' });
    expect([s.answers, s.predictions]).toEqual([{}, {}]);
  });

  it('a truth that cannot be read fails the step, and is not counted as a try', () => {
    const told = verdictEvents(
      question,
      { kind: 'unknown', reason: 'the true value could not be read: x' },
      1,
    );
    expect(told.events).toEqual([
      { type: 'failed', stepId: 'q', reason: 'the true value could not be read: x', ms: 1 },
    ]);
  });

  it('resumes with the answers and predictions progress kept', () => {
    const s = initialState(chapter, ['q', 'p'], { answers: { q: '7' }, predictions: { p: { said: '2' } } });
    expect(s.answers.q).toEqual({ wrongTries: 0, last: '7', right: true });
    expect(s.predictions.p).toEqual({ said: '2', outcome: undefined, error: undefined });
    expect(s.cursor).toBe(2);
  });
});

describe('what the learner is shown', () => {
  it('a prediction is one of its choices, as the lesson spells it, or free text', () => {
    expect(pickPrediction(prediction, ' 2 ')).toEqual({ ok: true, value: '2' });
    expect(pickPrediction(prediction, '3')).toEqual({ ok: false, reason: 'pick one of 1, 2' });
    expect(pickPrediction(prediction, '  ')).toEqual({
      ok: false,
      reason: 'a prediction needs a value: what do you think will happen?',
    });
    expect(pickPrediction({ ...prediction, choices: undefined }, 'Maybe three')).toEqual({
      ok: true,
      value: 'Maybe three',
    });
  });

  it('the question and the choices, never the commands', () => {
    expect(askLines(question)).toEqual(['Which?']);
    expect(askLines(prediction)).toEqual(['How many?', 'choices: 1 · 2']);
    expect(revealSentence(prediction, { said: '2', outcome: '2' })).toBe(
      'you said 2, it was 2 — as you said. Two it is.',
    );
    expect(revealSentence(prediction, { outcome: '2' })).toBe('it was 2. Two it is.');
    expect(revealSentence(prediction, { error: '`x` exited with status 1' })).toBe(
      'the outcome could not be measured: `x` exited with status 1',
    );
  });
});

describe('a value read off a real command', () => {
  const read = (command: string) =>
    readCommandValue(command, { cwd: tmp, env: { PATH: process.env.PATH ?? '' } });

  it('is the trimmed stdout; stderr stays out of it and explains a failure', async () => {
    expect(await read('echo "warning: x" >&2; echo "  42 "')).toEqual({ ok: true, value: '42' });
    expect(await read("printf 'a\\nb\\n'")).toEqual({ ok: true, value: 'a\nb' });
    expect(await read('echo half; echo "no such thing" >&2; exit 3')).toEqual({
      ok: false,
      reason: '`echo half; echo "no such thing" >&2; exit 3` exited with status 3\nno such thing',
    });
    expect(await read('true')).toEqual({ ok: false, reason: '`true` printed nothing' });
    // A command ending in a comment, or with a syntax error, is still told apart.
    expect(await read('echo 5 # the value')).toEqual({ ok: true, value: '5' });
    const broken = await read('echo (');
    expect(broken.ok).toBe(false);
  });
});

describe('answer, the shell function', () => {
  /** Runs lines in an interactive bash with our rc; returns what it printed (stdout, stderr) and the marks. */
  function bash(lines: string[], token: string | undefined) {
    const answerFile = path.join(tmp, 'awaiting-answer');
    if (token === undefined) fs.rmSync(answerFile, { force: true });
    else fs.writeFileSync(answerFile, `${token}\n`);
    const rc = path.join(tmp, 'rc.bash');
    fs.writeFileSync(rc, shellRc({ answerFile }));
    const errFile = path.join(tmp, 'stderr');
    const out = execFileSync('bash', ['-c', `bash --rcfile ${rc} -i 2>${errFile}`], {
      input: `${lines.join('\n')}\nexit 0\n`,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp },
    });
    const scanner = new MarkScanner();
    const tokens = scanner.tokens(out);
    const text = tokens.flatMap((t) => (t.kind === 'text' ? [t.text] : [])).join('');
    const err = fs.readFileSync(errFile, 'utf8');
    return { text, err, answers: tokens.filter((t) => t.kind === 'answer') };
  }

  it('sends the value with the waiting token and prints nothing else', () => {
    const r = bash(['answer  4 2 ', 'answer "$(printf "a\\tb")"'], 'abc-1');
    expect(r.answers).toEqual([
      { kind: 'answer', token: 'abc-1', value: '4 2' },
      { kind: 'answer', token: 'abc-1', value: 'a b' },
    ]);
    // Nothing but the marks on its output, no sentence of its own on its errors (bash echoes the prompts there).
    expect(r.text).toBe('');
    expect(r.err).not.toMatch(/no question|usage:/);
  });

  it('says in one line that nothing waits, or that it needs a value', () => {
    expect(bash(['answer 5'], undefined)).toMatchObject({ answers: [] });
    expect(bash(['answer 5'], undefined).err).toContain(
      'demystify: no question or prediction is waiting for an answer\n',
    );
    const empty = bash(['answer'], 'abc-2');
    expect(empty.answers).toEqual([]);
    expect(empty.err).toContain('usage: answer VALUE   (the value you read off the output)\n');
  });
});
