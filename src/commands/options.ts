// Options every command shares, resolved once: where lessons, workspace,
// state and binaries are. Flags win over environment variables.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, defaultWorkspace, stateDir } from '../cluster/paths.js';
import { versionsFromEnv, type Versions } from '../cluster/versions.js';
import { othersCanWriteIn } from '../fs/others-can-write.js';
import { CliError, EXIT } from './cli-error.js';

export interface GlobalFlags {
  readonly lessons?: string;
  readonly workspace?: string;
  readonly binDir?: string;
  readonly mirror?: string;
  readonly color?: boolean;
}

export interface Resolved {
  readonly lessonsDir: string;
  readonly assetsDir: string;
  readonly workspace: string;
  readonly stateDir: string;
  readonly cacheRoot: string;
  readonly binDir: string | undefined;
  readonly mirror: string | undefined;
  readonly versions: Versions;
  readonly color: boolean;
  /** True when --workspace (or DEMYSTIFY_WORKSPACE) chose the workspace. */
  readonly workspaceGiven: boolean;
}

/**
 * The package root: the nearest folder above this module with our package.json
 * (dist/commands/options.js when built by tsc, a chunk of the bundle under
 * dist/ when installed, src/commands/options.ts in tests).
 */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'demystify') return dir;
    } catch {
      // no package.json here: look further up
    }
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..');
  }
}

/** A workshop may bring its own assets folder next to its lessons folder; otherwise ours. */
export function assetsDirFor(lessonsDir: string): string {
  const sibling = path.join(path.dirname(path.resolve(lessonsDir)), 'assets');
  return fs.existsSync(sibling) ? sibling : path.join(packageRoot, 'assets');
}

export function resolveFlags(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Resolved {
  const lessonsDir = path.resolve(
    flags.lessons ?? env.DEMYSTIFY_LESSONS ?? path.join(packageRoot, 'lessons'),
  );
  const binDir = flags.binDir ?? env.DEMYSTIFY_BIN_DIR;
  if (binDir) refuseOpenBinDir(binDir);
  return {
    lessonsDir,
    assetsDir: assetsDirFor(lessonsDir),
    workspace: path.resolve(flags.workspace ?? defaultWorkspace(env)),
    workspaceGiven: Boolean(flags.workspace ?? env.DEMYSTIFY_WORKSPACE),
    stateDir: stateDir(env),
    cacheRoot: cacheDir(env),
    binDir,
    mirror: flags.mirror ?? env.DEMYSTIFY_MIRROR,
    versions: versionsFromEnv(env),
    color: flags.color !== false && !env.NO_COLOR && Boolean(process.stdout.isTTY),
  };
}

/**
 * The binaries of a --bin-dir run as root on the nodes (containerd, runc, the
 * kubelet): a folder another user can write to, or a binary in it, would be
 * theirs to replace.
 */
function refuseOpenBinDir(dir: string): void {
  const why = othersCanWriteIn(dir);
  if (why)
    throw new CliError(
      `--bin-dir ${dir} is refused: ${why}, and its binaries run as root on the nodes; use a folder only you can write to`,
      EXIT.usage,
    );
}
