// The command line as a user meets it: --help (usage, exit codes, the
// environment), help <command>, a suggestion for a typo, an unexpected error's
// exit code and where to report it, and completion worked out from the same
// table of commands.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/commands/cli-error.js';
import { bugReportHint, editDistance, suggest } from '../../src/commands/cli-help.js';
import { COMMANDS, ENVIRONMENT, GLOBAL_OPTIONS } from '../../src/commands/command-table.js';
import { candidates, completionScript } from '../../src/commands/completion.js';
import { errorExit, runCli } from '../../src/commands/program.js';

async function cli(...words: string[]) {
  let out = '';
  let err = '';
  const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s), interactive: false };
  const code = await runCli(['node', 'demystify', ...words], io, '1.2.3');
  return { code, out, err };
}

describe('demystify --help', () => {
  it('has one correct usage line, every command, the exit codes and the environment', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out.match(/^Usage: .*$/gm)).toEqual(['Usage: demystify [options] [command]']);
    for (const c of COMMANDS) expect(out).toMatch(new RegExp(`^  ${c.name}\\b`, 'm'));
    for (const code of Object.values(EXIT)) expect(out).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
    for (const o of GLOBAL_OPTIONS) if (o.env) expect(out).toMatch(new RegExp(`^  ${o.env} +as `, 'm'));
    for (const e of ENVIRONMENT) expect(out).toContain(`  ${e.name}`);
  });

  it('help <command> shows that command and exits 0', async () => {
    const { code, out } = await cli('help', 'test');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: demystify test \[options\] \[chapters\.\.\.\]$/m);
    expect(out).toContain('--prove-checks');
    expect((await cli('help')).out).toMatch(/^Usage: demystify \[options\] \[command\]$/m);
  });
});

describe('a mistyped command', () => {
  it('gets the command it was likely meant to be, and exit 2', async () => {
    const typo = await cli('tset');
    expect(typo.code).toBe(EXIT.usage);
    expect(typo.err).toMatch(
      /^demystify: unknown command "tset": did you mean "test"\? the commands are list, /,
    );
    expect((await cli('help', 'doctr')).err).toContain('did you mean "doctor"?');
    expect((await cli('--lesons', 'x')).err).toContain('(Did you mean --lessons?)');
    expect((await cli('frobnicate')).err).not.toContain('did you mean');
  });

  it('is matched by edit distance, a swap of two letters counting one', () => {
    expect(editDistance('tset', 'test')).toBe(1);
    expect(editDistance('lst', 'list')).toBe(1);
    expect(suggest('clen', ['clean', 'lint', 'list'])).toEqual(['clean']);
    expect(suggest('re', ['replay', 'reset', 'list'])).toEqual(['replay', 'reset']);
  });
});

describe('an error nothing foresaw', () => {
  it('exits 70 and says where to report it', async () => {
    let err = '';
    const io = { out: () => undefined, err: (s: string) => void (err += s), interactive: false };
    expect(await errorExit(new TypeError('x is undefined'), io)).toBe(EXIT.internal);
    expect(err).toMatch(
      /^demystify: unexpected error: x is undefined\n\(set DEMYSTIFY_DEBUG=1 for details, and please report it /,
    );
  });

  it("names package.json's bug tracker when it has one", () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'demystify-pkg-'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ version: '1.0.0', bugs: { url: 'https://example.org/issues' } }),
    );
    expect(bugReportHint(dir)).toContain(
      'please report it at https://example.org/issues, with the command you ran',
    );
  });
});

describe('completion', () => {
  const ids = async () => ['welcome', 'etcd', 'kube-apiserver'];
  const words = async (...w: string[]) => (await candidates(w, ids)).map((l) => l.split('\t')[0]);

  it('offers the commands, their options, and chapter ids where a chapter goes', async () => {
    expect(await words('te')).toEqual(['test']);
    expect(await words('')).toEqual(COMMANDS.map((c) => c.name));
    expect(await words('test', '')).toEqual(['welcome', 'etcd', 'kube-apiserver']);
    expect(await words('test', 'etcd', 'k')).toEqual(['kube-apiserver']);
    expect(await words('--lessons', 'x', 'replay', 'e')).toEqual(['etcd']);
    expect(await words('test', '--p')).toEqual(['--prove-checks']);
    expect(await words('--no')).toEqual(['--no-color']);
    expect(await words('fetch', '--only', 'c')).toEqual(['containerd', 'cni', 'coredns']);
    expect(await words('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await words('help', 'cl')).toEqual(['clean', 'class']);
  });

  it('leaves a folder to the shell', async () => {
    expect(await candidates(['test', '--record', ''], ids)).toEqual([':dir']);
    expect(await candidates(['--lessons', ''], ids)).toEqual([':dir']);
  });

  it('has a script for bash, zsh and fish, and a sentence for any other shell', () => {
    for (const shell of ['bash', 'zsh', 'fish'])
      expect(completionScript(shell)).toContain('demystify __complete');
    expect(() => completionScript('tcsh')).toThrow('no completion for "tcsh": choose bash, zsh or fish');
  });
});

describe('the CLI source', () => {
  it('is a table of commands with no function over 80 lines', () => {
    const files = [
      'src/cli.ts',
      ...fs
        .readdirSync('src/commands')
        .filter((f) => /^(program|command-|cli-|completion)/.test(f))
        .map((f) => `src/commands/${f}`),
    ];
    const long: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const lines =
            source.getLineAndCharacterOfPosition(node.getEnd()).line -
            source.getLineAndCharacterOfPosition(node.getStart()).line +
            1;
          if (lines > 80)
            long.push(
              `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} (${lines} lines)`,
            );
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(files).toContain('src/commands/command-table.ts');
    expect(long).toEqual([]);
  });
});
