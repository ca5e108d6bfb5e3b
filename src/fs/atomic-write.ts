// Write a file so that a reader (or a crash) only ever sees the old content
// or the new content, never a mix: write a temp file in the same folder,
// fsync it, rename it over the target, then fsync the folder so the rename
// itself survives a power cut. The temp file is created 0600 and gets its
// final mode before it appears under the real name, so a key is never
// readable by others, even briefly. Without a mode, the file gets what the
// umask allows (0600 under demystify's own umask 077).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode, applied before the rename so the file is never visible with looser permissions; default: the umask's. */
  readonly mode?: number;
}

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', opts.mode === undefined ? 0o666 : 0o600);
  try {
    await handle.writeFile(data);
    // The umask may have narrowed a mode the caller asked for: the caller's word wins.
    if (opts.mode !== undefined) await handle.chmod(opts.mode);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, 'r');
    await h.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await h?.close();
  }
}

/** Temp files a killed writer may have left next to `file` (safe to delete). */
export function isAtomicTemp(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
}

/** Writes only when the content differs, so a rerun keeps the file and its mtime. */
export async function writeFileAtomicIfChanged(
  file: string,
  data: string,
  opts: AtomicWriteOptions = {},
): Promise<'written' | 'unchanged'> {
  try {
    if ((await fs.readFile(file, 'utf8')) === data) {
      if (opts.mode !== undefined) await fs.chmod(file, opts.mode);
      return 'unchanged';
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await writeFileAtomic(file, data, opts);
  return 'written';
}
