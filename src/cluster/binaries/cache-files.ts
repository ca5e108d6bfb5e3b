// How files reach their final names in the binary cache. Everything is first
// written under a `.tmp-<pid>-<random>-` name in the same folder (so the final
// rename is atomic: same filesystem) and renamed only once verified. A crash
// leaves only `.tmp-` names, which resolution never looks at and the next
// fetch removes once their writer is gone.
import { randomBytes } from 'node:crypto';
import { access, chmod, constants, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const tempPattern = /^\.tmp-(\d+)-[0-9a-f]+-/;

export function tempPath(dir: string, label: string): string {
  return path.join(dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}-${label}`);
}

export function isTempName(name: string): boolean {
  return tempPattern.test(name);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temp files and folders left by fetches that died (their pid is
 * gone). A live writer's files are left alone: it may be another terminal
 * running `demystify fetch` right now. Returns what was removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = tempPattern.exec(name);
    if (!match || processAlive(Number(match[1]))) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/** Make `from` executable and move it to `to` in one step. */
export async function installExecutable(from: string, to: string): Promise<void> {
  await chmod(from, 0o755);
  await rename(from, to);
}

/** A regular file someone may execute. */
export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function removeQuietly(target: string | undefined): Promise<void> {
  if (target) await rm(target, { recursive: true, force: true }).catch(() => undefined);
}
