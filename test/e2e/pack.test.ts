// @module-tag isolated (no fixed port, no node network, no host state)
// What `npx demystify` users get: the packed tarball installs from the npm
// registry (prebuilt node-pty, no compiler) and runs a workshop headless.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the npm package', () => {
  // On the node and npx first on PATH (the same node vitest runs on: see
  // test/helpers/same-node.ts), so the Node-line matrix tries each line's npx.
  it(`runs with npx <tarball> on Node ${process.version}`, async () => {
    if (!fs.existsSync('dist/cli.js'))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-pack-'));
    // The dist/ built once, as a publisher packs it once for every line; without
    // prepack's rebuild, which would rewrite dist/ under the tests running beside.
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir]);
    const tarball = path.join(dir, packed.stdout.trim().split('\n').pop()!);
    expect(fs.existsSync(tarball)).toBe(true);
    const npx = (args: string[]) =>
      execa('npx', ['--yes', `--package=${tarball}`, 'demystify', ...args], {
        cwd: dir,
        env: { XDG_STATE_HOME: path.join(dir, 'state'), NO_COLOR: '1' },
        reject: false,
        timeout: 240_000,
      });
    const version = await npx(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    expect((await npx(['lint'])).stdout).toMatch(/^\d+ lesson files ok$/m);
    const run = await npx(['--lessons', path.resolve('test/fixtures/workshop-basic'), 'test']);
    expect(run.stdout).toMatch(/^8 passed, 0 failed$/m);
    expect(run.exitCode).toBe(0);
  });
});
