// A workshop's own description (workshop.yaml), its translations checked
// against their originals, the learner's language, and hints marked so they
// work in any language.
import { describe, expect, it } from 'vitest';
import { lintCommand } from '../../src/commands/lint.js';
import { formatIssue } from '../../src/lesson/issues.js';
import { localeLanguages, pickLanguage, preferredLanguages } from '../../src/lesson/language.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';
import { parseManifest } from '../../src/lesson/workshop-manifest.js';

const fixture = 'test/fixtures/workshop-translated';

async function lint(paths: string[]) {
  const lines: string[] = [];
  const code = await lintCommand(paths, (s) => lines.push(s));
  return { code, lines };
}

describe('workshop.yaml', () => {
  it('gives the workshop its id, title, tagline and language', () => {
    const { meta, issues } = parseManifest('w.yaml', 'id: my-shop\ntitle: My shop\ntagline: Bits.\n');
    expect(issues).toEqual([]);
    expect(meta).toEqual({
      id: 'my-shop',
      title: 'My shop',
      tagline: 'Bits.',
      language: 'en',
      file: 'w.yaml',
    });
  });

  it('says at file:line:col what is wrong', () => {
    const { meta, issues } = parseManifest('w.yaml', 'title: T\nid: My Shop\nlanguage: French\nauthor: me\n');
    expect(meta).toBeUndefined();
    expect(issues.map(formatIssue)).toEqual([
      'w.yaml:4:1: unknown key "author": workshop.yaml knows id, title, tagline, language',
      'w.yaml:2:1: id "My Shop" is lowercase letters, digits and "-" (e.g. my-workshop)',
      'w.yaml:3:1: language "French" is a language tag such as en, fr or pt-BR',
    ]);
  });
});

describe('translations', () => {
  it('shows a chapter in the language asked for, steps and ids unchanged', async () => {
    const en = await loadWorkshop(`${fixture}/lessons`, undefined, { manifest: `${fixture}/workshop.yaml` });
    const fr = await loadWorkshop(`${fixture}/lessons`, undefined, {
      manifest: `${fixture}/workshop.yaml`,
      languages: ['fr-FR', 'fr'],
    });
    expect(en.issues).toEqual([]);
    expect(fr.issues).toEqual([]);
    expect(en.workshop.meta.id).toBe('translated-fixture');
    expect([en.workshop.language, fr.workshop.language]).toEqual(['en', 'fr']);
    expect(fr.workshop.languages).toEqual(['fr']);
    const [a, b] = [en.workshop.chapters[0]!, fr.workshop.chapters[0]!];
    expect([a.meta.title, b.meta.title]).toEqual(['Hello', 'Bonjour']);
    expect(b.steps.map((s) => [s.id, s.kind])).toEqual(a.steps.map((s) => [s.id, s.kind]));
    // The French hint (<details hint> with <summary>Indice</summary>) is a hint, not prose.
    expect(b.steps[0]!.hints).toEqual(["Le fichier arrive dans l'espace de travail."]);
  });

  it('lint holds a translation to its original: same id, steps, commands, checks, questions, predictions', async () => {
    const { code, lines } = await lint(['test/fixtures/lint-translation']);
    const fr = 'test/fixtures/lint-translation/lessons/fr';
    const en = 'test/fixtures/lint-translation/lessons/01-hello.md';
    const tail = 'a translation runs the same steps and changes only the words';
    expect(lines).toEqual([
      `${fr}/01-hello.md:2:1: front matter id is "bonjour" here but "hello" in the original ${en}: a translation changes only the words`,
      `${fr}/01-hello.md:9:1: this step differs from its original at ${en}:9 in body: "echo \\"bonjour le monde\\" > hello.txt" here, "echo \\"hello world\\" > hello.txt" there; ${tail}`,
      `${fr}/01-hello.md:19:1: this step is step "mots" (predict), where the original has step "words" (predict) at ${en}:19; ${tail}`,
      `${fr}/01-hello.md:27:1: this step differs from its original at ${en}:27 in check.target.command: "grep -q bonjour hello.txt" here, "grep -q hello hello.txt" there; ${tail}`,
      `${fr}/01-hello.md:27:1: this translation has 3 steps and ${en} has 4: it lacks lines`,
      `${fr}/02-orphan.md:1:1: no chapter 02-orphan.md in test/fixtures/lint-translation/lessons for this to translate: a translation has its original's file name`,
      '6 problems in 3 files',
    ]);
    expect(code).toBe(2);
  });

  it('lint passes a faithful translation, whose sentences differ', async () => {
    expect(await lint([fixture])).toEqual({ code: 0, lines: ['2 lesson files ok'] });
  });

  it('a broken translation is a problem of the workshop in that language only', async () => {
    const dir = 'test/fixtures/lint-translation/lessons';
    expect((await loadWorkshop(dir)).issues).toEqual([]);
    expect((await loadWorkshop(dir, undefined, { languages: ['fr'] })).issues.length).toBe(6);
  });
});

describe("the learner's language", () => {
  it('comes from the locale as the C library reads it', () => {
    expect(localeLanguages('fr_FR.UTF-8')).toEqual(['fr-FR', 'fr']);
    expect(localeLanguages('C.UTF-8')).toEqual([]);
    expect(preferredLanguages({ LANG: 'de_DE.UTF-8', LC_ALL: 'fr_CA.UTF-8' })).toEqual(['fr-CA', 'fr']);
    expect(preferredLanguages({ LANG: 'fr_FR.UTF-8', LANGUAGE: 'pt_BR:en' })).toEqual([
      'pt-BR',
      'pt',
      'en',
      'fr-FR',
      'fr',
    ]);
    expect(preferredLanguages({ LANG: 'C', LANGUAGE: 'fr' })).toEqual([]);
  });

  it('is the first preferred one the workshop has, else the one it is written in', () => {
    expect(pickLanguage(['fr-FR', 'fr'], 'en', ['fr'])).toBe('fr');
    expect(pickLanguage(['pt-BR', 'pt'], 'en', ['pt-br', 'fr'])).toBe('pt-br');
    expect(pickLanguage(['de'], 'en', ['fr'])).toBe('en');
    expect(pickLanguage(['en', 'fr'], 'en', ['fr'])).toBe('en');
  });
});

describe('hints in any language', () => {
  const chapter = (body: string) =>
    parseChapter('x.md', `---\nid: x\ntitle: X\n---\n\n\`\`\`sh\ntrue\n\`\`\`\n\n${body}\n`);

  it('<details hint> is a hint whatever its summary says; an English "Hint" summary still is one', () => {
    const fr = chapter('<details hint>\n<summary>Indice</summary>\n\nRegardez.\n</details>');
    const plain = chapter('<details hint>\nNo summary at all.\n</details>');
    const en = chapter('<details>\n<summary>Hint: ports</summary>\n\nLook.\n</details>');
    expect(fr.chapter?.steps[0]?.hints).toEqual(['Regardez.']);
    expect(plain.chapter?.steps[0]?.hints).toEqual(['No summary at all.']);
    expect(en.chapter?.steps[0]?.hints).toEqual(['Look.']);
  });

  it('a <details> that is not marked as a hint is a problem, not silent prose', () => {
    const { chapter: ch, issues } = chapter('<details>\n<summary>Indice</summary>\n\nRegardez.\n</details>');
    expect(ch).toBeUndefined();
    expect(issues.map(formatIssue)).toEqual([
      'x.md:10:1: this <details> is not a hint, and a lesson shows no other kind: mark a hint <details hint> (its <summary> in any language), or write the text as prose',
    ]);
  });
});
