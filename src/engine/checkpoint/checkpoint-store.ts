// Where checkpoints live and how one is replaced without ever being half
// there: <stateDir>/checkpoints/<key>/<chapter-id>/, one folder per chapter,
// built under a temp name and renamed into place. The key is the workshop's
// id and the workspace together: a checkpoint holds one workspace's
// certificates and etcd data, and belongs to one workshop's chapters. The
// checkpoints of a key from before workshops had ids (the lessons folder's
// path) move to the new key once, when it has none.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import type { ComponentRecord } from './component-record.js';
import type { EtcdLayout } from './runtime-state.js';
import type { WorkshopKey } from '../progress.js';
import type { ShellState } from './shell-state.js';

export const MANIFEST = 'checkpoint.json';
/** The copy of the workspace inside a checkpoint. */
export const FILES_DIR = 'files';
export const SNAPSHOT_FILE = 'etcd.snapshot';

export interface CheckpointManifest {
  readonly version: 1;
  readonly chapterId: string;
  readonly createdAt: string;
  /** Digest of the lesson files before this chapter: when one changes, the checkpoint no longer matches. */
  readonly lessonsDigest: string;
  readonly workspace: string;
  /** Running components, in the order they were started. */
  readonly components: readonly ComponentRecord[];
  /** Undefined when etcd was not running. */
  readonly etcd: { readonly layout: EtcdLayout; readonly snapshot: string } | undefined;
  readonly files: { readonly count: number; readonly bytes: number; readonly skipped: readonly string[] };
  /** Folders of runtime state that were left out (absolute paths). */
  readonly stateDirs: readonly string[];
  readonly shell: ShellState | undefined;
  readonly saveMs: number;
}

export interface CheckpointInfo {
  readonly chapterId: string;
  readonly dir: string;
  readonly manifest: CheckpointManifest;
}

export class CheckpointStore {
  private constructor(readonly root: string) {}

  static async open(
    stateDir: string,
    workshop: string | WorkshopKey,
    workspace: string,
  ): Promise<CheckpointStore> {
    const { id, formerKeys } =
      typeof workshop === 'string' ? { id: workshop, formerKeys: undefined } : workshop;
    const ws = await fs.realpath(workspace).catch(() => path.resolve(workspace));
    const key = createHash('sha256').update(`${id}\0${ws}`).digest('hex').slice(0, 16);
    const all = path.join(stateDir, 'checkpoints');
    const store = new CheckpointStore(path.join(all, key));
    if (formerKeys) await adoptFormer(all, store.root, ws, formerKeys);
    await fs.mkdir(store.root, { recursive: true, mode: 0o700 });
    await writeFileAtomic(
      path.join(store.root, 'workshop.json'),
      `${JSON.stringify({ workshop: id, workspace: ws }, null, 2)}\n`,
    );
    await store.tidy();
    return store;
  }

  async list(): Promise<CheckpointInfo[]> {
    const out: CheckpointInfo[] = [];
    for (const name of await fs.readdir(this.root)) {
      if (name.startsWith('.')) continue;
      const info = await this.get(name);
      if (info) out.push(info);
    }
    return out;
  }

  async get(chapterId: string): Promise<CheckpointInfo | undefined> {
    const dir = path.join(this.root, chapterId);
    try {
      const manifest = JSON.parse(await fs.readFile(path.join(dir, MANIFEST), 'utf8')) as CheckpointManifest;
      return manifest.version === 1 ? { chapterId, dir, manifest } : undefined;
    } catch {
      return undefined;
    }
  }

  /** A fresh, private folder to build a checkpoint in. */
  async begin(chapterId: string): Promise<string> {
    const dir = path.join(this.root, `.tmp-${chapterId}-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(dir, { mode: 0o700 });
    return dir;
  }

  /** Puts a finished temp folder in place of the chapter's checkpoint. */
  async commit(temp: string, manifest: CheckpointManifest): Promise<CheckpointInfo> {
    await writeFileAtomic(path.join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    const dir = path.join(this.root, manifest.chapterId);
    // A folder cannot be renamed over a full one: move the old one aside first.
    // A crash in between leaves .old-*, which tidy() puts back.
    const old = path.join(this.root, `.old-${manifest.chapterId}-${randomBytes(4).toString('hex')}`);
    const hadOld = await fs.rename(dir, old).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return false;
        throw e;
      },
    );
    await fs.rename(temp, dir);
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
    return { chapterId: manifest.chapterId, dir, manifest };
  }

  async discard(temp: string): Promise<void> {
    await fs.rm(temp, { recursive: true, force: true });
  }

  /** Forgets one chapter's checkpoint, or every checkpoint of this workshop and workspace. */
  async remove(chapterId?: string): Promise<void> {
    if (chapterId !== undefined)
      await fs.rm(path.join(this.root, chapterId), { recursive: true, force: true });
    else for (const c of await this.list()) await fs.rm(c.dir, { recursive: true, force: true });
  }

  /** What a killed demystify left half-way: temp folders go, a replaced checkpoint comes back. */
  private async tidy(): Promise<void> {
    for (const name of await fs.readdir(this.root)) {
      const full = path.join(this.root, name);
      const old = /^\.old-(.+)-[0-9a-f]{8}$/.exec(name);
      if (name.startsWith('.tmp-')) await fs.rm(full, { recursive: true, force: true });
      else if (old) {
        const target = path.join(this.root, old[1]!);
        const present = await fs.stat(target).then(
          () => true,
          () => false,
        );
        if (present) await fs.rm(full, { recursive: true, force: true });
        else await fs.rename(full, target);
      }
    }
  }
}

/** Checkpoints kept for this workspace under a former key (workshop.json's lessonsDir) become the new key's, once. */
async function adoptFormer(
  all: string,
  root: string,
  workspace: string,
  isFormer: (key: string) => boolean,
): Promise<void> {
  if (
    await fs.stat(root).then(
      () => true,
      () => false,
    )
  )
    return;
  const found: { dir: string; mtime: number }[] = [];
  for (const name of await fs.readdir(all).catch(() => [] as string[])) {
    const dir = path.join(all, name);
    try {
      const about = JSON.parse(await fs.readFile(path.join(dir, 'workshop.json'), 'utf8')) as {
        lessonsDir?: string;
        workspace?: string;
      };
      if (about.lessonsDir && isFormer(about.lessonsDir) && about.workspace === workspace)
        found.push({ dir, mtime: (await fs.stat(dir)).mtimeMs });
    } catch {
      // not a checkpoint folder of ours
    }
  }
  const latest = found.sort((a, b) => b.mtime - a.mtime)[0];
  if (latest) await fs.rename(latest.dir, root);
}

/** A digest of lesson files' names and text as on disk (the chapters that lead up to a checkpoint). */
export async function lessonsDigest(files: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(path.basename(f));
    h.update('\0');
    h.update(await fs.readFile(f).catch(() => Buffer.from('(missing)')));
    h.update('\0');
  }
  return h.digest('hex');
}
