// `demystify new <dir>` as an author meets it: the workshop it makes passes
// `lint` and `test` at once (the built CLI, a real shell in a real pty), and
// has its own identity: its title in the overview, its own progress.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = path.resolve('dist/cli.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-new-'));

function demystify(args: string[]) {
  if (!fs.existsSync(cli))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  return execa(process.execPath, [cli, ...args], {
    cwd: home,
    reject: false,
    env: {
      XDG_STATE_HOME: path.join(home, 'state'),
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      NO_COLOR: '1',
      CI: '1',
    },
    timeout: 60_000,
  });
}

describe('demystify new', () => {
  it('makes a workshop that passes lint and test as it is', async () => {
    const made = await demystify(['new', 'kitchen', '--title', 'Cooking with bash']);
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toMatch(
      /^made the workshop "Cooking with bash" \(id cooking-with-bash\) in kitchen:$/m,
    );
    const lint = await demystify(['--lessons', 'kitchen', 'lint']);
    expect(lint.stdout).toBe('1 lesson file ok');
    expect(lint.exitCode).toBe(0);
    const test = await demystify(['--lessons', 'kitchen', 'test']);
    expect(test.stdout).toMatch(/✓ lines +question: How many lines/);
    expect(test.stdout).toMatch(/revealed: it was 2 \(as the lesson expects\)/);
    expect(test.stdout).toMatch(/^7 passed, 0 failed$/m);
    expect(test.exitCode).toBe(0);
    // Its own title, not demystify's tagline.
    const overview = await demystify(['--lessons', 'kitchen']);
    expect(overview.stdout.split('\n')[0]).toBe('Cooking with bash');
    expect(overview.stdout).not.toContain('Kubernetes');
  });

  it('refuses a folder that is not empty', async () => {
    fs.mkdirSync(path.join(home, 'full'));
    fs.writeFileSync(path.join(home, 'full', 'notes.txt'), 'mine');
    const res = await demystify(['new', 'full']);
    expect(res.stderr).toBe('demystify: full already exists and is not empty: name a new folder');
    expect(res.exitCode).toBe(2);
    expect(fs.readdirSync(path.join(home, 'full'))).toEqual(['notes.txt']);
  });
});
