import { describe, expect, it } from 'vitest';
import { lintCommand } from '../../src/commands/lint.js';

async function lint(paths: string[]) {
  const lines: string[] = [];
  const code = await lintCommand(paths, (s) => lines.push(s));
  return { code, lines };
}

describe('demystify lint', () => {
  it('reports each authoring error with file:line:col and exits 2', async () => {
    const { code, lines } = await lint(['test/fixtures/lint-errors']);
    expect(code).toBe(2);
    expect(lines).toEqual([
      'test/fixtures/lint-errors/01-attributes.md:6:18: unknown attribute "colour" for a component step: allowed are id, pane, ready, ca, cert, key, insecure-skip-tls-verify, node, expect, timeout, wire',
      'test/fixtures/lint-errors/01-attributes.md:10:20: duplicate attribute "expect" (first given at column 8): keep one',
      'test/fixtures/lint-errors/01-attributes.md:14:1: this pane is empty: put the command that starts the component inside the block',
      'test/fixtures/lint-errors/01-attributes.md:19:1: unknown check key "pods": a check has one of resource, api, etcd, node, command, audit and may add exit, on, fields, count, hold, waiting, fail, component, insecure-skip-tls-verify, keep',
      'test/fixtures/lint-errors/01-attributes.md:19:1: unknown verification kind: a check needs exactly one of resource, api, etcd, node, command, audit',
      'test/fixtures/lint-errors/02-front-matter.md:2:1: id is lowercase letters, digits and "-", e.g. id: etcd',
      'test/fixtures/lint-errors/02-front-matter.md:3:1: title must be text',
      'test/fixtures/lint-errors/02-front-matter.md:4:1: unknown front matter key "estimate": known keys are id, title, summary, requires, time, root, internet, vars, teardown',
      'test/fixtures/lint-errors/03-unterminated.md:6:1: this code fence is never closed: add a line with ``` after its last line',
      '9 problems in 3 files',
    ]);
  });

  it('passes the fixture workshop and says so', async () => {
    const { code, lines } = await lint(['test/fixtures/workshop-basic']);
    expect(lines).toEqual(['2 lesson files ok']);
    expect(code).toBe(0);
  });

  it('turns a missing path into a sentence', async () => {
    await expect(lint(['nope/missing.md'])).rejects.toThrow('the path nope/missing.md does not exist');
  });
});
