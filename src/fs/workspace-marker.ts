// A workspace says it is one: a marker file demystify writes in it when it
// makes it (or first uses an empty folder, or its own default folder). What
// deletes things in a workspace - `clean --delete-workspace`, a checkpoint
// restore - first looks for the marker, so a --workspace that names a home
// folder, or any folder that already held something else, is never emptied.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const WORKSPACE_MARKER = '.demystify-workspace';

const TEXT =
  "This folder is a demystify workspace: certificates, configs and etcd's data of the workshop.\n" +
  'demystify deletes inside it (checkpoint restores, `demystify clean --delete-workspace`) only because this file is here.\n';

/**
 * Marks `dir` as a workspace when it is new, empty, or `ours` (demystify's
 * default folder); a folder that already holds other things stays unmarked.
 * Returns whether it is marked now.
 */
export async function markWorkspace(dir: string, ours: boolean): Promise<boolean> {
  await fs.mkdir(dir, { recursive: true });
  if (await isWorkspace(dir)) return true;
  const entries = await fs.readdir(dir);
  if (!ours && entries.length > 0) return false;
  await fs
    .writeFile(path.join(dir, WORKSPACE_MARKER), TEXT, { flag: 'wx' })
    .catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  return true;
}

export async function isWorkspace(dir: string): Promise<boolean> {
  const st = await fs.lstat(path.join(dir, WORKSPACE_MARKER)).catch(() => undefined);
  return st?.isFile() ?? false;
}

/** Undefined when demystify may delete inside `dir`; otherwise the sentence that says why not. */
export async function whyNotDeletable(dir: string): Promise<string | undefined> {
  const real = await fs.realpath(dir).catch(() => path.resolve(dir));
  if (real === '/' || real === (await fs.realpath(os.homedir()).catch(() => os.homedir())))
    return `${dir} is ${real === '/' ? 'the root folder' : 'your home folder'}, never a workspace`;
  if (!(await isWorkspace(dir)))
    return `${dir} has no ${WORKSPACE_MARKER} file, so it is not a workspace demystify made (it held other things when it was first used)`;
  return undefined;
}
