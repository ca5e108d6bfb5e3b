// The ordinary user the end-to-end suites run the workshop as: an account
// whose sudo wants a password (scripts/ci-learner.sh makes it). Its own copy
// of the built app and of the binary cache live in its home, since root's
// home is not readable by it; the password is typed the way a person would.
import { execaSync } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../../src/cluster/paths.js';

export interface Learner {
  readonly user: string;
  readonly password: string;
  readonly uid: number;
  readonly home: string;
  /** The node binary and the app's cli.js, both readable by the learner. */
  readonly node: string;
  readonly cli: string;
}

const USER = process.env.DEMYSTIFY_TEST_LEARNER ?? 'demystify-learner';
const PASSWORD = process.env.DEMYSTIFY_TEST_LEARNER_PASSWORD ?? 'learn-kubernetes-by-hand';
const APP = ['package.json', 'dist', 'lessons', 'assets', 'node_modules'];

/** The learner's account alone (name, password, uid, home); throws (never skips) when it is missing. */
export function learnerAccount(): Pick<Learner, 'user' | 'password' | 'uid' | 'home'> {
  if (process.getuid?.() !== 0)
    throw new Error('the learner suites run as root (they act as the learner through runuser)');
  const id = execaSync('id', ['-u', USER], { reject: false });
  if (id.exitCode !== 0)
    throw new Error(`no user ${USER}: run \`bash scripts/ci-learner.sh\` as root first (.ci/run does)`);
  const uid = Number(id.stdout.trim());
  const home = execaSync('bash', ['-c', `getent passwd ${USER} | cut -d: -f6`]).stdout.trim();
  return { user: USER, password: PASSWORD, uid, home };
}

/** The learner, with the app and the binaries in its home; throws (never skips) when the account is missing. */
export function prepareLearner(): Learner {
  const { uid, home } = learnerAccount();
  const app = path.join(home, 'demystify-under-test');
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  for (const part of APP) if (fs.existsSync(part)) execaSync('cp', ['-a', part, app]);
  // The node running the tests may live where the learner cannot read (root's home): a copy of it.
  const node = path.join(app, 'node');
  fs.copyFileSync(process.execPath, node);
  fs.chmodSync(node, 0o755);
  // The binaries, as `demystify fetch` would have left them in the learner's own cache.
  const cache = path.join(home, '.cache', 'demystify');
  fs.mkdirSync(cache, { recursive: true });
  execaSync('cp', ['-a', '--update', path.join(cacheDir(), 'bin'), cache]);
  execaSync('chown', ['-R', `${USER}:`, app, path.join(home, '.cache')]);
  return { user: USER, password: PASSWORD, uid, home, node, cli: path.join(app, 'dist', 'cli.js') };
}

/** argv that runs `args` as the learner, in a clean login-like environment. */
export function asLearner(
  l: Learner,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): string[] {
  const vars = {
    HOME: l.home,
    USER: l.user,
    LOGNAME: l.user,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    ...env,
  };
  return [
    'runuser',
    '-u',
    l.user,
    '--',
    'env',
    '-i',
    ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
    ...args,
  ];
}

/** Every file under `dir` that contains `needle` (the password must be in none). */
export function filesContaining(dir: string, needle: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const r = execaSync('grep', ['-rlF', '--', needle, dir], { reject: false });
  return r.stdout.split('\n').filter(Boolean);
}
