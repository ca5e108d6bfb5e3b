// `demystify completion bash|zsh|fish` in the real shells: each script is
// loaded as its README line says, a Tab is simulated the way each shell's
// completion machinery calls it, and the built CLI (dist/cli.js, through a
// `demystify` on PATH) answers with commands, options and chapter ids. zsh and
// fish must be installed (scripts/install-host-deps.sh installs them).
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-completion-'));
const env = {
  PATH: `${bin}:${process.env.PATH ?? ''}`,
  DEMYSTIFY_LESSONS: path.resolve('test/fixtures/workshop-basic'),
};

beforeAll(() => {
  if (!fs.existsSync('dist/cli.js'))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  const cli = path.resolve('dist/cli.js');
  fs.writeFileSync(path.join(bin, 'demystify'), `#!/bin/sh\nexec '${process.execPath}' '${cli}' "$@"\n`, {
    mode: 0o755,
  });
});

async function shell(file: string, script: string): Promise<string[]> {
  const installed = await execa('sh', ['-c', `command -v ${file}`], { reject: false });
  if (installed.exitCode !== 0)
    throw new Error(`${file} is not installed: scripts/install-host-deps.sh installs it`);
  const r = await execa(file, ['-c', script], { env, timeout: 30_000 });
  return r.stdout.split('\n').filter(Boolean);
}

describe('shell completion', () => {
  it('bash: commands, options, chapter ids, folders', async () => {
    const tab = (words: string) =>
      shell(
        'bash',
        `eval "$(demystify completion bash)"; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _demystify; printf '%s\\n' "\${COMPREPLY[@]}"`,
      );
    expect(await tab('demystify te')).toEqual(['test']);
    expect(await tab("demystify test ''")).toEqual(['shell-basics', 'panes']);
    expect(await tab('demystify test --prove')).toEqual(['--prove-checks']);
    expect(await tab('demystify --lessons test/fixtures/workshop-tr')).toEqual([
      'test/fixtures/workshop-translated',
    ]);
  });

  it('zsh: the same, through _describe and _files', async () => {
    // compsys's own functions stand in as recorders: what _demystify hands them is what zsh offers.
    const stubs = `compdef() { :; }; _describe() { print -rl -- "\${(@P)4}"; }; _files() { print -r -- "_files $*"; }`;
    const tab = (words: string) =>
      shell(
        'zsh',
        `${stubs}; eval "$(demystify completion zsh)"; words=(${words}); CURRENT=\${#words}; _demystify`,
      );
    expect(await tab('demystify te')).toEqual([
      'test:run chapters headless: every step and check, in order; exit 0 only if all pass',
    ]);
    expect(await tab("demystify replay ''")).toEqual(['shell-basics:', 'panes:']);
    expect(await tab("demystify test --record ''")).toEqual(['_files -/']);
  });

  it('fish: the same, through complete -C', async () => {
    const tab = (line: string) => shell('fish', `demystify completion fish | source; complete -C'${line}'`);
    expect(await tab('demystify te')).toEqual([
      'test\trun chapters headless: every step and check, in order; exit 0 only if all pass',
    ]);
    expect(await tab('demystify reset pa')).toEqual(['panes']);
    expect(await tab('demystify completion ')).toEqual(['bash', 'fish', 'zsh']);
  });
});
