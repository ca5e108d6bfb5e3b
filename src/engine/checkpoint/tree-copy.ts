// Copying the workspace into a checkpoint and back. Regular files, folders
// and symbolic links only: sockets and pipes belong to running processes.
// Folders of runtime state (see runtime-state.ts) and anything mounted
// inside the workspace (the kubelet's volumes) are never copied, and never
// deleted on the way back.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface TreeReport {
  readonly files: number;
  readonly bytes: number;
  /** Paths (relative to the tree) left alone, with why: excluded, mounted, unreadable, a socket... */
  readonly skipped: readonly string[];
}

export interface TreeOptions {
  /** Absolute paths of folders that are neither copied nor deleted. */
  readonly exclude: ReadonlySet<string>;
}

export async function copyTree(src: string, dst: string, opts: TreeOptions): Promise<TreeReport> {
  const report = { files: 0, bytes: 0, skipped: [] as string[] };
  const root = await fs.stat(src);
  await fs.mkdir(dst, { recursive: true, mode: 0o700 });
  const walk = async (from: string, to: string): Promise<void> => {
    for (const name of await fs.readdir(from)) {
      const a = path.join(from, name);
      const b = path.join(to, name);
      const rel = path.relative(src, a);
      const st = await fs.lstat(a);
      if (opts.exclude.has(a)) report.skipped.push(`${rel} (runtime state)`);
      else if (st.isDirectory()) {
        if (st.dev !== root.dev) {
          report.skipped.push(`${rel} (mounted)`);
          continue;
        }
        await fs.mkdir(b, { mode: 0o700 });
        await walk(a, b);
        await keepMeta(b, st);
      } else if (st.isSymbolicLink()) {
        await fs.symlink(await fs.readlink(a), b);
      } else if (st.isFile()) {
        try {
          await fs.copyFile(a, b);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EACCES') throw e;
          report.skipped.push(`${rel} (unreadable)`);
          continue;
        }
        await keepMeta(b, st);
        report.files++;
        report.bytes += st.size;
      } else report.skipped.push(`${rel} (not a file)`);
    }
  };
  await walk(src, dst);
  return report;
}

/**
 * Makes `dst` hold what `src` holds: files missing from `src` are deleted,
 * the others copied over (each through a temp name, so a reader sees the old
 * file or the new one). Excluded and mounted folders are left as they are.
 */
export async function restoreTree(src: string, dst: string, opts: TreeOptions): Promise<TreeReport> {
  const report = { files: 0, bytes: 0, skipped: [] as string[] };
  await fs.mkdir(dst, { recursive: true });
  const root = await fs.stat(dst);
  const walk = async (from: string, to: string): Promise<void> => {
    const wanted = new Map<string, Stats>();
    for (const name of await fs.readdir(from).catch(() => [] as string[]))
      wanted.set(name, await fs.lstat(path.join(from, name)));
    for (const name of await fs.readdir(to)) {
      const b = path.join(to, name);
      const st = await fs.lstat(b);
      const want = wanted.get(name);
      if (opts.exclude.has(b) || (st.isDirectory() && st.dev !== root.dev)) continue;
      if (want && sameKind(want, st)) continue;
      try {
        await fs.rm(b, { recursive: true, force: true });
      } catch (e) {
        report.skipped.push(
          `${path.relative(dst, b)} (could not delete: ${(e as NodeJS.ErrnoException).code})`,
        );
      }
    }
    for (const [name, st] of wanted) {
      const a = path.join(from, name);
      const b = path.join(to, name);
      if (opts.exclude.has(b)) continue;
      if (st.isDirectory()) {
        await fs.mkdir(b, { recursive: true, mode: 0o700 });
        await walk(a, b);
        await keepMeta(b, st);
      } else {
        const tmp = path.join(to, `.${name}.${randomBytes(4).toString('hex')}.restore`);
        if (st.isSymbolicLink()) await fs.symlink(await fs.readlink(a), tmp);
        else {
          await fs.copyFile(a, tmp);
          await keepMeta(tmp, st);
          report.files++;
          report.bytes += st.size;
        }
        await fs.rename(tmp, b);
      }
    }
  };
  await walk(src, dst);
  return report;
}

function sameKind(a: Stats, b: Stats): boolean {
  return a.isDirectory() === b.isDirectory() && a.isSymbolicLink() === b.isSymbolicLink();
}

/** Mode and times as they were: a private key stays 0600, a rerun of the PKI action sees the same files. */
async function keepMeta(file: string, st: Stats): Promise<void> {
  await fs.chmod(file, st.mode & 0o7777);
  await fs.utimes(file, st.atime, st.mtime);
}
