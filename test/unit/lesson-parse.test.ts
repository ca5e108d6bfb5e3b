import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/lesson/issues.js';
import { parseChapter } from '../../src/lesson/parse-chapter.js';

const FM = '---\nid: demo\ntitle: Demo\n---\n';
const parse = (body: string, front = FM) => parseChapter('demo.md', front + body);
const errors = (body: string, front = FM) => parse(body, front).issues.map(formatIssue);

describe('lesson parsing', () => {
  it('turns fences into typed steps with their explanation, hints and notes', () => {
    const { chapter, issues } = parse(
      [
        'Start etcd first.',
        '',
        '```sh {pane=etcd ready="log:serving client traffic" timeout=30s}',
        'etcd \\',
        '  --data-dir data',
        '```',
        '<details>',
        '<summary>Hint</summary>',
        'Is port 2379 free?',
        '</details>',
        '<!-- notes: mention raft -->',
        '```yaml {check}',
        'etcd: health',
        '```',
      ].join('\n'),
    );
    expect(issues).toEqual([]);
    const [pane, check] = chapter!.steps;
    expect(pane).toMatchObject({
      kind: 'component',
      pane: 'etcd',
      ready: { kind: 'log', pattern: 'serving client traffic' },
      timeoutMs: 30_000,
      explanation: 'Start etcd first.',
      hints: ['Is port 2379 free?'],
      pos: { file: 'demo.md', line: 7, column: 1 },
    });
    expect(check).toMatchObject({
      kind: 'check',
      notes: ['mention raft'],
      check: { target: { kind: 'etcd' } },
    });
    expect(chapter!.starts).toEqual(['etcd']);
  });

  it('runs plain sh fences and keeps other languages and {example} blocks as prose', () => {
    const { chapter } = parse(
      '```sh\necho hi\n```\n\n```yaml\na: 1\n```\n\n```sh {example}\nrm -rf /\n```\n',
    );
    expect(chapter!.steps.map((s) => s.kind)).toEqual(['shell']);
    expect(chapter!.segments.filter((s) => s.kind === 'prose')).toHaveLength(2);
  });

  it('parses every step kind', () => {
    const { chapter, issues } = parse(
      [
        '```sh {expect=fail id=wrong}\nfalse\n```',
        '```ini {file=configs/a.ini mode=0600}\nx = ${WORKSPACE}\n```',
        '```yaml {apply}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n```',
        '```yaml {action=pki}\nplan: per-role\n```',
        '```sh {pane=api ready="https://127.0.0.1:6443/readyz" ca=pki/ca.pem cert=pki/admin.pem key=pki/admin-key.pem}\nkube-apiserver\n```',
        '```sh {stop=api}\n```',
        '```yaml {check}\nresource: {apiVersion: apps/v1, kind: ReplicaSet, namespace: default}\ncount: 0\nhold: 10s\ncomponent: kube-controller-manager\n```',
      ].join('\n\n'),
    );
    expect(issues).toEqual([]);
    expect(chapter!.steps.map((s) => s.kind)).toEqual([
      'shell',
      'file',
      'apply',
      'action',
      'component',
      'stop',
      'check',
    ]);
    const check = chapter!.steps[6];
    expect(check).toMatchObject({
      check: { count: { op: '==', value: 0 }, holdMs: 10_000, component: 'kube-controller-manager' },
    });
    expect(chapter!.steps[1]).toMatchObject({ path: 'configs/a.ini', mode: 0o600 });
  });

  it('reports unknown and duplicate attributes with their columns', () => {
    expect(errors('```sh {pane=etcd colour=red pane=x}\netcd\n```\n')).toEqual([
      'demo.md:5:18: unknown attribute "colour" for a component step: allowed are id, pane, ready, ca, cert, key, insecure-skip-tls-verify, node, expect, timeout, wire',
      'demo.md:5:29: duplicate attribute "pane" (first given at column 8): keep one',
    ]);
  });

  it('reports an unterminated fence, bad front matter, an empty pane and an unknown check kind', () => {
    expect(errors('text\n```sh\necho never closed\n')).toEqual([
      'demo.md:6:1: this code fence is never closed: add a line with ``` after its last line',
    ]);
    expect(errors('', '---\nid: Demo!\ntitel: x\n---\n')).toEqual([
      'demo.md:2:1: id is lowercase letters, digits and "-", e.g. id: etcd',
      'demo.md:2:1: the front matter needs a title',
      'demo.md:3:1: unknown front matter key "titel": known keys are id, title, summary, requires, time, root, internet, vars, teardown',
    ]);
    expect(errors('```sh {pane=etcd}\n# only a comment\n```\n')).toEqual([
      'demo.md:5:1: this pane is empty: put the command that starts the component inside the block',
    ]);
    expect(errors('```yaml {check}\npods: running\n```\n')).toEqual([
      'demo.md:6:1: unknown check key "pods": a check has one of resource, api, etcd, node, command, audit and may add exit, on, fields, count, hold, waiting, fail, component, insecure-skip-tls-verify, keep',
      'demo.md:6:1: unknown verification kind: a check needs exactly one of resource, api, etcd, node, command, audit',
    ]);
  });

  it('maps YAML errors inside a fence to the lesson line', () => {
    expect(errors('\n```yaml {check}\napi: readyz\n  bad: [\n```\n')[0]).toMatch(
      /^demo\.md:8:\d+: invalid YAML/,
    );
  });

  it('rejects quoting and brace mistakes in the info string', () => {
    expect(errors('```sh {pane="etcd}\netcd\n```\n')).toEqual([
      'demo.md:5:13: the value of "pane" is missing its closing "',
    ]);
    expect(errors('```sh {pane=etcd\netcd\n```\n')).toEqual([
      'demo.md:5:17: the attribute list is missing its closing "}"',
    ]);
    expect(
      errors('```sh {pane=a ready=https://127.0.0.1:1/ insecure-skip-tls-verify=yes}\nx\n```\n'),
    ).toEqual(['demo.md:5:42: "insecure-skip-tls-verify" is a flag: write it without a value']);
    // Nothing runs as root on the host: a component that asks for it is told where root is.
    expect(errors('```sh {pane=a sudo}\nx\n```\n')).toEqual([
      'demo.md:5:15: sudo: demystify runs nothing as root on the host, only inside a node: start it there with node=node-0',
    ]);
  });

  it('refuses control characters, in prose and in a command, each at its line and column', () => {
    const refuse = (code: string) =>
      `a control character (U+${code}) in the lesson: a terminal acts on it (moving the cursor, hiding or reordering text, setting the clipboard) instead of showing it; remove it`;
    expect(errors('Copy this: \x1b]52;c;aGk=\x07 now.\n\n```sh\necho ok\u202e\n```\n')).toEqual([
      `demo.md:5:12: ${refuse('001B')}`,
      `demo.md:5:23: ${refuse('0007')}`,
      `demo.md:8:8: ${refuse('202E')}`,
    ]);
    // Tabs and Windows line ends are text.
    expect(errors('A\ttab.\r\n')).toEqual([]);
  });

  it('rejects unknown variables, escaping paths and clashing kinds', () => {
    expect(errors('```ini {file=a.ini}\nx = ${NOPE}\n```\n')[0]).toMatch(
      /^demo\.md:6:5: unknown variable \$\{NOPE\}/,
    );
    expect(errors('```ini {file=../x}\nx\n```\n')[0]).toMatch(
      /^demo\.md:5:14: file= is a path inside the workspace/,
    );
    expect(errors('```sh {pane=a stop=b}\nx\n```\n')[0]).toMatch(/cannot be combined/);
    expect(errors('```yaml {check}\napi: readyz\netcd: health\n```\n')[0]).toMatch(/a check has one target/);
  });

  it('gives duplicate step ids and hints before any step an error', () => {
    expect(errors('```sh {id=a}\nx\n```\n```sh {id=a}\ny\n```\n')[0]).toMatch(
      /step id "a" is already used by the step on line 5/,
    );
    expect(errors('<details>\n<summary>Hint</summary>\nx\n</details>\n')[0]).toMatch(
      /a hint belongs after the step/,
    );
  });
});

describe('docs/lesson-format.md', () => {
  it('has a complete example that parses without issues', async () => {
    const fs = await import('node:fs');
    const doc = fs.readFileSync('docs/lesson-format.md', 'utf8');
    const example = /````markdown\n([\s\S]*?)\n````/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const { chapter, issues } = parseChapter('example.md', example!);
    expect(issues.map(formatIssue)).toEqual([]);
    expect(chapter!.steps.map((s) => s.kind)).toEqual(['component', 'file', 'shell', 'check', 'stop']);
    expect(chapter!.steps[0]!.hints).toHaveLength(1);
    expect(chapter!.steps[2]!.notes).toEqual(['the file is written atomically, point at the mode']);
  });
});
