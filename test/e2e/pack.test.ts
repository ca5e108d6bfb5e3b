// @module-tag isolated (no fixed port, no node network, no host state)
// What `npx demystify` and `npm install -g demystify` users get: the packed
// tarball brings only what the bundle cannot hold (the native pty, from the
// npm registry, prebuilt: no compiler), and with only that installed every
// entry point loads and a workshop runs headless through a real pty. The
// runs see no other node_modules: a temp prefix, a temp HOME, no NODE_PATH,
// so a module the bundle left out would not be found.
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-pack-'));
const prefix = path.join(dir, 'prefix');
const installed = path.join(prefix, 'lib', 'node_modules', 'demystify');
// Nothing above the temp folder, and no global folder Node would look in.
const env = {
  HOME: path.join(dir, 'home'),
  XDG_STATE_HOME: path.join(dir, 'state'),
  XDG_DATA_HOME: path.join(dir, 'data'),
  NODE_PATH: '',
  NO_COLOR: '1',
};
let tarball = '';

function run(args: string[]) {
  return execa(path.join(prefix, 'bin', 'demystify'), args, {
    cwd: dir,
    env,
    reject: false,
    timeout: 240_000,
  });
}

/** Every bare module name the installed package's JavaScript imports or requires. */
function bareImports(root: string): Set<string> {
  const names = new Set<string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(p);
      else if (e.name.endsWith('.js')) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/(?:\bfrom|\bimport\(|\brequire\()\s*["']([^"'./][^"']*)["']/g))
          // Minified code holds strings that merely look so: a module name is a package name (and a subpath).
          if (/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/i.test(m[1]!)) names.add(m[1]!);
      }
    }
  };
  walk(root);
  return names;
}

/** Starts a root-side entry point, sends it one request line, and returns its first line of output. */
async function firstLine(script: string, args: string[], request: string): Promise<string> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.write(`${request}\n`);
  const lines = readline.createInterface({ input: child.stdout });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${stderr}`)));
  });
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  return line;
}

describe('the npm package', () => {
  beforeAll(async () => {
    if (!fs.existsSync('dist/cli.js'))
      throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
    // The dist/ built once, as a publisher packs it once for every line; without
    // prepack's rebuild, which would rewrite dist/ under the tests running beside.
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir]);
    tarball = path.join(dir, packed.stdout.trim().split('\n').pop()!);
    // npm itself keeps the user's configuration (registry, cache); only what it installs is looked at.
    await execa('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
      timeout: 240_000,
    });
  });

  it('depends at run time on the native pty alone, and ships the licences of what it bundles', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['@lydell/node-pty']);
    // The pty and its prebuilt binary for this platform: nothing else came with the install.
    const modules = fs
      .readdirSync(path.join(installed, 'node_modules'))
      .flatMap((n) =>
        n.startsWith('@')
          ? fs.readdirSync(path.join(installed, 'node_modules', n)).map((m) => `${n}/${m}`)
          : [n],
      )
      .filter((n) => !n.startsWith('.'));
    expect(modules.sort()).toEqual([
      '@lydell/node-pty',
      `@lydell/node-pty-${process.platform}-${process.arch}`,
    ]);
    const imported = bareImports(path.join(installed, 'dist'));
    expect(imported).toContain('@lydell/node-pty'); // the scan sees real imports
    expect([...imported].filter((n) => !isBuiltin(n) && n !== '@lydell/node-pty')).toEqual([]);
    const licences = fs.readFileSync(path.join(installed, 'dist', 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const name of ['@kubernetes/client-node', 'commander', 'execa', 'marked', 'node-forge', 'js-yaml'])
      expect(licences).toMatch(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+\\nLicense: \\S+`, 'm'));
  });

  // On the Node line this run is on (the name stays the same on every line: CI matches runs by name).
  it('runs every entry point with only its dependency installed', async () => {
    const version = await run(['--version']);
    expect(version.stdout.trim()).toBe(pkg.version);
    expect((await run(['lint'])).stdout).toMatch(/^\d+ lesson files ok$/m);
    expect((await run(['help', 'test'])).exitCode).toBe(0);
    // A headless run: the learner's shell in a real pty, a component in a pane, checks.
    const workshop = path.resolve('test/fixtures/workshop-basic');
    const headless = await run(['--lessons', workshop, '--workspace', path.join(dir, 'ws'), 'test']);
    expect(headless.stdout).toMatch(/^8 passed, 0 failed$/m);
    expect(headless.exitCode).toBe(0);
    // The root helper and a node's agent are programs of their own: each loads and answers.
    const helper = path.join(installed, 'dist', 'host', 'helper-main.js');
    // Its arguments as root-helper.ts gives them: the owner's uid, the API socket, the session tag.
    const helperArgs = [String(process.getuid?.() ?? 0), path.join(dir, 'api.sock'), 'abcdef'];
    expect(await firstLine(helper, helperArgs, '')).toMatch(/helper-ready/);
    const agent = path.join(installed, 'dist', 'host', 'agent-main.js');
    // Like the helper, the agent says it is ready before it reads a request.
    expect(await firstLine(agent, ['', '0'], '')).toMatch(/"event":"agent-ready"/);
  });

  it('runs with npx <tarball>', async () => {
    const npx = await execa('npx', ['--yes', `--package=${tarball}`, 'demystify', '--version'], {
      cwd: dir,
      env: { XDG_STATE_HOME: env.XDG_STATE_HOME, NO_COLOR: '1' },
      reject: false,
      timeout: 240_000,
    });
    expect(npx.stdout.trim()).toBe(pkg.version);
  });
});
