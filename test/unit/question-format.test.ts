// The question and predict step kinds as lessons write them: parsed into
// typed steps, every mistake a lint error at file:line:col, and the pure
// rules that judge answers (forms, the wrong answer --prove-checks types).
import { describe, expect, it } from 'vitest';
import { sameAnswer, sameOutcome, wrongAnswerFor } from '../../src/lesson/answer-form.js';
import { formatIssue } from '../../src/lesson/issues.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import { parseWorkshop } from '../../src/lesson/workshop.js';

const FM = '---\nid: demo\ntitle: Demo\n---\n';
/** Body lines start on line 5 of demo.md; the fence's first body line is one more. */
const lint = (lines: string[], front = FM): string[] =>
  parseWorkshop('.', [{ file: 'demo.md', text: front + lines.join('\n') }]).issues.map(formatIssue);
const fence = (info: string, ...body: string[]): string[] => ['```yaml ' + info, ...body, '```'];
const check = fence('{check id=done}', 'command: "true"');

describe('question and predict steps', () => {
  it('parse into typed steps, the reveal step found by default', () => {
    const { chapter, issues } = parseChapter(
      'demo.md',
      FM +
        [
          ...fence(
            '{question id=rev}',
            'ask: At which revision?',
            "answer: etcdctl get /k -w json | jq -r '.kvs[0].create_revision'",
            'solution: etcdctl get /k -w fields',
            'form: number',
            'on: node-0',
          ),
          ...fence(
            '{predict id=pods}',
            'ask: How many?',
            'choices: [0, 1, "2"]',
            'outcome: echo 2',
            'why: Two replicas.',
            'expect: 2',
          ),
          '```sh',
          'echo act',
          '```',
          ...check,
        ].join('\n'),
    );
    expect(issues).toEqual([]);
    const [q, p] = chapter!.steps;
    expect(q).toMatchObject({
      kind: 'question',
      id: 'rev',
      ask: 'At which revision?',
      answer: "etcdctl get /k -w json | jq -r '.kvs[0].create_revision'",
      solution: 'etcdctl get /k -w fields',
      form: 'number',
      on: 'node-0',
    });
    expect(p).toMatchObject({
      kind: 'predict',
      choices: ['0', '1', '2'],
      outcome: 'echo 2',
      reveal: 'done',
      why: 'Two replicas.',
      expect: '2',
      on: undefined,
    });
    // The segment the lesson view renders carries the resolved reveal too.
    const seg = chapter!.segments.find((s) => s.kind === 'step' && s.step.id === 'pods');
    expect(seg?.kind === 'step' && seg.step.kind === 'predict' && seg.step.reveal).toBe('done');
  });

  it('a question defaults to form text and runs on the host', () => {
    const { chapter } = parseChapter(
      'd.md',
      FM + fence('{question}', 'ask: a?', 'answer: echo 1', 'solution: echo 1').join('\n'),
    );
    expect(chapter!.steps[0]).toMatchObject({ kind: 'question', id: '1', form: 'text', on: undefined });
  });

  it('lint: unknown keys, missing ones and bad values, at file:line:col', () => {
    expect(
      lint(fence('{question}', 'ask: How many?', 'answr: echo 1', 'form: digits', 'on: node-x')),
    ).toEqual([
      'demo.md:6:1: a question needs answer: answer is the command whose output is the true value, read at check time',
      'demo.md:6:1: a question needs solution: solution is the worked answer: a command the learner could run to read the value (shown as a hint after a wrong try; headless test runs it)',
      'demo.md:7:1: unknown question key "answr": a question takes ask, answer, solution, form, on',
      'demo.md:8:1: form is text, number, word: how a typed answer is compared',
      'demo.md:9:1: on names the node the command runs on, e.g. on: node-0',
    ]);
    expect(lint(fence('{question}', 'ask: 42', 'answer: [a]', 'solution: echo'))).toEqual([
      'demo.md:6:1: ask is the question, in a sentence (text)',
      'demo.md:7:1: answer is the command whose output is the true value, read at check time (text)',
    ]);
    expect(lint(fence('{question}', '- ask'))).toEqual([
      'demo.md:6:1: a question is a YAML mapping with ask, answer and solution',
    ]);
  });

  it('lint: a prediction whose choices do not include expect, or that lists one twice', () => {
    const p = (...extra: string[]): string[] =>
      lint([...fence('{predict}', 'ask: How many?', 'outcome: echo 2', 'why: Because.', ...extra), ...check]);
    expect(p('choices: ["0", "1"]', 'expect: 2')).toEqual([
      'demo.md:10:1: expect "2" is not one of the choices: 0, 1',
    ]);
    expect(p('choices: ["1", "01", "2"]')).toEqual(['demo.md:9:1: "01" is among the choices twice']);
    expect(p('choices: one')).toEqual([
      'demo.md:9:1: choices is a list of at least two answers, e.g. ["0", "1", "2"]',
    ]);
    expect(p('expect: {a: 1}')).toEqual([
      'demo.md:9:1: expect is the outcome the lesson says will happen: a number or a word',
    ]);
    expect(p('choices: [Yes, No]', 'expect: yes')).toEqual([]);
    expect(lint([...fence('{predict}', 'ask: How many?', 'outcome: echo 2', 'whom: x'), ...check])).toEqual([
      'demo.md:6:1: a prediction needs why: why is one sentence on why it happens, shown with the outcome',
      'demo.md:8:1: unknown prediction key "whom": a prediction takes ask, choices, outcome, reveal, why, expect, on',
    ]);
  });

  it('lint: a reveal that names no later step, and a prediction with no check after it', () => {
    const predict = (reveal?: string): string[] =>
      fence(
        '{predict id=p}',
        'ask: How many?',
        'outcome: echo 2',
        'why: Because.',
        ...(reveal ? [`reveal: ${reveal}`] : []),
      );
    const act = ['```sh {id=act}', 'echo act', '```'];
    expect(lint([...act, ...predict('act'), ...check])).toEqual([
      'demo.md:12:1: reveal: act comes before this prediction: it names the later step after which the outcome is measured (done)',
    ]);
    expect(lint([...predict('nowhere'), ...act])).toEqual([
      'demo.md:9:1: reveal: nowhere names no step of this chapter: it names the later step after which the outcome is measured (act)',
    ]);
    expect(lint([...predict(), ...act])).toEqual([
      'demo.md:5:1: no check follows this prediction to reveal its outcome: name the step after which it is measured, reveal: <step id> (act)',
    ]);
    expect(lint([...predict('act'), ...act])).toEqual([]);
    expect(lint([...predict('Act!')])[0]).toBe(
      'demo.md:9:1: reveal is the id of a later step, after which the outcome is measured',
    );
  });

  it('lint: commands on a node need root and the node, as a check with on: does', () => {
    expect(lint(fence('{question}', 'ask: a?', 'answer: echo 1', 'solution: echo 1', 'on: node-0'))).toEqual([
      "demo.md:5:1: this step needs root (its commands run on node-0): say why in the chapter's front matter, e.g. root: the kubelet mounts volumes",
      'demo.md:5:1: node-0 does not exist yet here: make it first with a ```yaml {action=node} step (name: node-0)',
    ]);
  });

  it('lint: ${NAME} in the commands is a lesson variable, as in a check', () => {
    expect(
      lint(fence('{question}', 'ask: a?', 'answer: cat ${WORKSPACE}/x', 'solution: cat ${NOPE}/x'))[0],
    ).toMatch(/^demo\.md:8:15: unknown variable \$\{NOPE\}/);
  });

  it('lint: attributes of the fence, and one kind per fence', () => {
    expect(lint(fence('{question timeout=5s}', 'ask: a?', 'answer: echo 1', 'solution: echo 1'))[0]).toBe(
      'demo.md:5:19: unknown attribute "timeout" for a question step: allowed are id, question',
    );
    expect(lint(fence('{question=yes}', 'ask: a?', 'answer: echo 1', 'solution: echo 1'))[0]).toBe(
      'demo.md:5:10: "question" is a flag: write it without a value',
    );
    expect(lint(fence('{question check}', 'command: "true"'))[0]).toBe(
      'demo.md:5:19: "question" and "check" cannot be combined: a fence is one step, split it',
    );
  });
});

describe('answer forms', () => {
  it('text is exact after trimming, word ignores case, number compares numbers', () => {
    expect(sameAnswer('text', ' web-7f9c ', 'web-7f9c')).toBe(true);
    expect(sameAnswer('text', 'Web-7f9c', 'web-7f9c')).toBe(false);
    expect(sameAnswer('word', 'Running', 'running\n')).toBe(true);
    expect(sameAnswer('number', '7.0', '7')).toBe(true);
    expect(sameAnswer('number', '07', '7')).toBe(true);
    expect(sameAnswer('number', 'seven', 'seven')).toBe(false);
    expect(sameAnswer('number', '', '0')).toBe(false);
    expect(sameOutcome('2', '2.0')).toBe(true);
    expect(sameOutcome('Node-1', 'node-1')).toBe(true);
    expect(sameOutcome('yes', 'no')).toBe(false);
  });

  it('the wrong answer --prove-checks types can never be judged right', () => {
    const truths = ['7', '0', '-3', '1.5', '9007199254740993', '1e400', 'web-7f9c', 'Running', 'a b'];
    for (const form of ['text', 'number', 'word'] as const)
      for (const truth of truths) {
        const wrong = wrongAnswerFor(form, truth);
        expect(sameAnswer(form, wrong, truth), `${form} ${truth} → ${wrong}`).toBe(false);
      }
    expect(wrongAnswerFor('number', '7')).toBe('8');
    expect(wrongAnswerFor('word', 'Running')).toBe('Runningx');
  });
});
