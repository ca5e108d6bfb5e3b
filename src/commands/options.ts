// Options every command shares, resolved once: which workshop (its folder,
// lessons, assets, description and language), and where the workspace, state
// and binaries are. Flags win over environment variables.
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, dataDir, defaultWorkspace, stateDir } from '../cluster/paths.js';
import { versionsFromEnv, type Versions } from '../cluster/versions.js';
import { othersCanWriteIn } from '../fs/others-can-write.js';
import { CliError, EXIT } from './cli-error.js';
import { packageRoot } from '../fs/package-root.js';
import type { WorkshopKey } from '../engine/progress.js';
import { preferredLanguages } from '../lesson/language.js';
import { folderMeta, MANIFEST_FILE, parseManifest, type WorkshopMeta } from '../lesson/workshop-manifest.js';

export interface GlobalFlags {
  readonly lessons?: string;
  readonly workspace?: string;
  readonly binDir?: string;
  readonly mirror?: string;
  readonly lang?: string;
  readonly color?: boolean;
}

export interface Resolved extends WorkshopPaths {
  /** The workshop's identity (progress, checkpoints, the default workspace are kept under its id). */
  readonly identity: WorkshopMeta;
  /** Languages to show the lessons in, first choice first (--lang, DEMYSTIFY_LANG, then LANG and friends). */
  readonly languages: readonly string[];
  /** True when --lang (or DEMYSTIFY_LANG) asked for one: a workshop without it is then an error. */
  readonly languageGiven: boolean;
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

export { packageRoot };

const isDir = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const isFile = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

export interface WorkshopPaths {
  readonly workshopDir: string;
  readonly lessonsDir: string;
  readonly assetsDir: string;
  readonly manifest: string | undefined;
}

/**
 * Where a workshop's parts are, given its folder (the one holding lessons/)
 * or, as before workshops were folders, its lessons folder itself: then the
 * folder above it holds the assets and the description, if anything does.
 * Without assets of its own, a workshop uses demystify's.
 */
export function workshopPaths(given: string): WorkshopPaths {
  const dir = path.resolve(given);
  const lessons = path.join(dir, 'lessons');
  const [workshopDir, lessonsDir] = isDir(lessons) ? [dir, lessons] : [path.dirname(dir), dir];
  const assets = path.join(workshopDir, 'assets');
  const manifest = path.join(workshopDir, MANIFEST_FILE);
  return {
    workshopDir,
    lessonsDir,
    assetsDir: isDir(assets) ? assets : path.join(packageRoot, 'assets'),
    manifest: isFile(manifest) ? manifest : undefined,
  };
}

/**
 * The workspace a workshop builds in unless --workspace says otherwise:
 * demystify's own workshop keeps the folder it always had; any other gets one
 * of its own, named by its id, so it never overwrites another's certificates.
 */
export function workshopWorkspace(workshopId: string, env: NodeJS.ProcessEnv = process.env): string {
  if (workshopId === builtinWorkshopId()) return defaultWorkspace(env);
  const name = /^[a-z0-9-]+$/.test(workshopId)
    ? workshopId
    : `${path.basename(workshopId)}-${hash(workshopId)}`.replace(/[^\w.-]/g, '_');
  return path.join(dataDir(env), 'workshops', name, 'workspace');
}

function hash(s: string): string {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.codePointAt(0)!, 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * Who the workshop is, read before anything else is: its workshop.yaml, or
 * (none, or one that does not parse: the loader reports that) its lessons
 * folder's real path, as progress has always been kept for a folder of lessons.
 */
export function workshopIdentity(paths: WorkshopPaths): WorkshopMeta {
  const folder = (): WorkshopMeta => folderMeta(realPath(paths.lessonsDir));
  if (!paths.manifest) return folder();
  const text = fs.readFileSync(paths.manifest, { encoding: 'utf8' });
  return parseManifest(paths.manifest, text).meta ?? folder();
}

const realPath = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/** The id in demystify's own workshop.yaml. */
export function builtinWorkshopId(): string | undefined {
  const own = workshopIdentity(workshopPaths(packageRoot));
  return own.file ? own.id : undefined;
}

export function resolveFlags(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Resolved {
  const paths = workshopPaths(flags.lessons ?? env.DEMYSTIFY_LESSONS ?? packageRoot);
  const identity = workshopIdentity(paths);
  const lang = flags.lang ?? env.DEMYSTIFY_LANG;
  const workspace = flags.workspace ?? (env.DEMYSTIFY_WORKSPACE ? defaultWorkspace(env) : undefined);
  const binDir = flags.binDir ?? env.DEMYSTIFY_BIN_DIR;
  if (binDir) refuseOpenBinDir(binDir);
  return {
    ...paths,
    identity,
    languages: lang ? [lang] : preferredLanguages(env),
    languageGiven: Boolean(lang),
    workspace: path.resolve(workspace ?? workshopWorkspace(identity.id, env)),
    workspaceGiven: workspace !== undefined,
    stateDir: stateDir(env),
    cacheRoot: cacheDir(env),
    binDir,
    mirror: flags.mirror ?? env.DEMYSTIFY_MIRROR,
    versions: versionsFromEnv(env),
    color: flags.color !== false && !env.NO_COLOR && Boolean(process.stdout.isTTY),
  };
}

/**
 * The key progress and checkpoints are kept under: the workshop's id. Before
 * workshops had ids they were kept under the lessons folder's real path, which
 * differs between npx, npx @latest and a global install of demystify: any of
 * those paths counts as a former key of demystify's own workshop.
 */
export function workshopKey(r: Pick<Resolved, 'identity' | 'lessonsDir'>): WorkshopKey {
  const here = realPath(r.lessonsDir);
  const builtin = r.identity.id === builtinWorkshopId();
  return {
    id: r.identity.id,
    formerKeys: (key) => key === here || (builtin && /\/node_modules\/demystify\/lessons$/.test(key)),
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
