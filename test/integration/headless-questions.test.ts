// `demystify test` on questions and predictions (test/fixtures/workshop-questions):
// a question answered from its worked answer, the truth read by a real
// command; --prove-checks types a wrong answer first and sees it refused; a
// prediction's outcome measured after its reveal step and held to `expect`;
// a worked answer that disagrees with the answer fails. Plain shell
// commands, no components: no host lock needed.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = path.resolve('dist/cli.js');
const homes: string[] = [];
afterAll(() => {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

async function demystify(args: string[]) {
  if (!fs.existsSync(cli))
    throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-questions-'));
  homes.push(home);
  const res = await execa(
    'node',
    [
      cli,
      '--lessons',
      'test/fixtures/workshop-questions',
      '--workspace',
      path.join(home, 'ws'),
      'test',
      ...args,
    ],
    {
      reject: false,
      env: {
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        NO_COLOR: '1',
      },
      timeout: 60_000,
    },
  );
  const file = path.join(home, 'ws', 'marks', 'secret');
  const secret = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  return { ...res, secret };
}

describe('demystify test on questions and predictions', () => {
  it('answers from the worked answer, measures each outcome after its reveal step, and holds it to expect', async () => {
    const res = await demystify(['ask']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain(`✓ secret         question: Which number is in marks/secret?`);
    expect(res.stdout).toMatch(new RegExp(`— answered ${res.secret}, the worked answer's value$`, 'm'));
    expect(res.stdout).toMatch(
      /✓ lines +predict: How many lines will marks\/list have\? .*no prediction headless; its outcome is measured after listed$/m,
    );
    // Revealed after its reveal step, not before: the lines come in that order.
    expect(res.stdout).toMatch(
      /✓ listed +check: .*\n {2}✓ lines +revealed: it was 2 \(as the lesson expects\)\n/,
    );
    expect(res.stdout).toMatch(/✓ word-written .*\n {2}✓ word +revealed: it was Blue\n/);
    expect(res.stdout).toMatch(/^7 passed, 0 failed$/m);
    expect(res.exitCode).toBe(0);
  });

  it('--prove-checks: a wrong answer is refused before the right one passes', async () => {
    const res = await demystify(['ask', '--prove-checks']);
    const wrong = String(Number(res.secret) + 1);
    expect(res.stdout).toMatch(
      new RegExp(
        `✓ secret +question: .* — answered ${res.secret}, the worked answer's value; a wrong answer, ${wrong}, was refused first$`,
        'm',
      ),
    );
    expect(res.exitCode).toBe(0);
  });

  it('fails a prediction whose outcome is not what the lesson expects, and stops the chapter there', async () => {
    const res = await demystify(['drift']);
    expect(res.stdout).toMatch(
      /✓ counted +check: .*\n {2}✗ count +predict: How many lines will marks\/drift hold\?\n +the outcome was 2, but the lesson expects 3: the lesson no longer says what happens\n/,
    );
    expect(res.stdout).not.toMatch(/✓ after/);
    expect(res.stdout).toMatch(/^2 passed, 1 failed, 1 skipped$/m);
    expect(res.exitCode).toBe(1);
  });

  it('fails a question whose worked answer disagrees with its answer', async () => {
    const res = await demystify(['disagree']);
    expect(res.stdout).toMatch(
      /✗ mismatch +question: Which one\?\n +the worked answer gives 42, but the answer command reads 41: solution and answer disagree/,
    );
    expect(res.exitCode).toBe(1);
  });
});
