// docs/lesson-format.md, the parser and the fixture workshop hold to one
// list: every front matter key, step attribute, check target and modifier,
// question and prediction key, answer form and built-in variable the parser
// knows is documented, and the fixture
// workshop (test/fixtures/workshop-format, run for real by
// test/integration/format-workshop.test.ts) uses every one of them.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseInfoString } from '../../src/lesson/attributes.js';
import { MODIFIERS, TARGETS } from '../../src/lesson/check-schema.js';
import { FRONT_MATTER_KEYS } from '../../src/lesson/front-matter.js';
import { listLessonFiles, loadWorkshop } from '../../src/lesson/load.js';
import { scanLesson } from '../../src/lesson/scan.js';
import { ANSWER_FORMS } from '../../src/lesson/answer-form.js';
import { PREDICT_KEYS, QUESTION_KEYS } from '../../src/lesson/question-schema.js';
import { ACTIONS, ALLOWED } from '../../src/lesson/step-schema.js';
import { BUILTIN_VARIABLES } from '../../src/lesson/variables.js';
import { isRecord, loadYamlBody } from '../../src/lesson/yaml-body.js';

const docs = fs.readFileSync('docs/lesson-format.md', 'utf8');
const fixture = 'test/fixtures/workshop-format/lessons';
const attributes = [...new Set([...Object.values(ALLOWED).flat(), 'example'])];

const used = {
  frontMatter: new Set<string>(),
  attributes: new Set<string>(),
  checkKeys: new Set<string>(),
  question: new Set<string>(),
  predict: new Set<string>(),
};
const values = new Set<string>();

beforeAll(async () => {
  for (const file of await listLessonFiles(fixture)) {
    const scanned = scanLesson(file, fs.readFileSync(file, 'utf8'));
    const fm = loadYamlBody(file, 1, scanned.frontMatter?.text ?? '').docs[0];
    if (isRecord(fm)) for (const k of Object.keys(fm)) used.frontMatter.add(k);
    for (const b of scanned.blocks) {
      if (b.kind !== 'fence') continue;
      const attrs = parseInfoString(file, b.line, b.infoColumn, b.info).info.attrs ?? [];
      for (const a of attrs) {
        used.attributes.add(a.key);
        values.add(`${a.key}=${typeof a.value === 'string' ? a.value.split(':')[0] : ''}`);
      }
      const body = loadYamlBody(file, b.bodyLine, b.body).docs[0];
      for (const kind of ['check', 'question', 'predict'] as const) {
        if (!attrs.some((a) => a.key === kind) || !isRecord(body)) continue;
        for (const k of Object.keys(body)) used[kind === 'check' ? 'checkKeys' : kind].add(k);
        if (typeof body.form === 'string') values.add(`form=${body.form}`);
      }
    }
  }
});

describe('the lesson format, documented and exercised', () => {
  it('documents every front matter key, attribute, check target and modifier, and built-in variable', () => {
    for (const k of FRONT_MATTER_KEYS) expect(docs, `front matter ${k}`).toMatch(new RegExp(`^${k}:`, 'm'));
    for (const a of attributes) expect(docs, `attribute ${a}`).toMatch(new RegExp(`[\`{]${a}[\`=}]`));
    for (const t of TARGETS) expect(docs, `target ${t}`).toContain(`\`${t}: `);
    for (const m of MODIFIERS) expect(docs, `modifier ${m}`).toContain(`\`${m}`);
    for (const v of BUILTIN_VARIABLES) expect(docs, `variable ${v}`).toContain(`\`${v}\``);
    for (const a of ACTIONS) expect(docs, `action ${a}`).toContain(`action=${a}`);
    for (const k of [...QUESTION_KEYS, ...PREDICT_KEYS]) expect(docs, `key ${k}`).toContain(`| \`${k}\` |`);
    for (const f of ANSWER_FORMS) expect(docs, `form ${f}`).toContain(`\`form: ${f}\``);
  });

  it('the fixture workshop uses every one of them', () => {
    expect([...FRONT_MATTER_KEYS].filter((k) => !used.frontMatter.has(k))).toEqual([]);
    expect(attributes.filter((a) => !used.attributes.has(a))).toEqual([]);
    // node is the one target left to the shipped chapters: it needs a kubelet.
    expect([...TARGETS, ...MODIFIERS].filter((k) => !used.checkKeys.has(k))).toEqual(['node']);
    expect(QUESTION_KEYS.filter((k) => !used.question.has(k))).toEqual([]);
    expect(PREDICT_KEYS.filter((k) => !used.predict.has(k))).toEqual([]);
    for (const v of [
      'expect=success',
      'expect=fail',
      'expect=ready',
      'ready=log',
      'ready=tcp',
      'ready=https',
      'action=pki',
      'action=kubeconfig',
      'action=node',
      'form=number',
      'form=word',
    ])
      expect(values, v).toContain(v);
  });

  it('parses without a problem, teardown script included', async () => {
    const { issues } = await loadWorkshop(fixture, 'test/fixtures/workshop-format/assets');
    expect(issues).toEqual([]);
  });
});
