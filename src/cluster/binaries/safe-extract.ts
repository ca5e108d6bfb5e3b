// Taking the few binaries we need out of a verified release tarball, and
// refusing the whole archive if any entry tries to escape its folder. A valid
// checksum only proves the mirror served what upstream published; a hostile
// or broken mirror with a matching sum file must still not write outside the
// cache, so every entry is checked, not only the ones we keep.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import { fail } from './fetch-errors.js';

const fileTypes = new Set(['File', 'OldFile', 'ContiguousFile']);

/** Archive paths compare without `./` prefixes or doubled slashes. */
export function normalizeEntryPath(entryPath: string): string {
  return path.posix.normalize(entryPath).replace(/^(\.\/)+/, '');
}

/** Undefined when the entry stays inside the extraction folder, else why it does not. */
export function entryEscape(
  entryPath: string,
  type: string,
  linkpath: string | undefined,
): string | undefined {
  if (path.posix.isAbsolute(entryPath) || /^[a-zA-Z]:/.test(entryPath))
    return `"${entryPath}" is an absolute path`;
  if (entryPath.split(/[\\/]/).includes('..')) return `"${entryPath}" climbs out with ".."`;
  if ((type === 'SymbolicLink' || type === 'Link') && linkpath !== undefined) {
    if (path.posix.isAbsolute(linkpath)) return `"${entryPath}" links to the absolute path "${linkpath}"`;
    // Hard links name a path from the archive root, symlinks one from their own folder.
    const from = type === 'Link' ? '.' : path.posix.dirname(entryPath);
    const target = path.posix.normalize(path.posix.join(from, linkpath));
    if (target === '..' || target.startsWith('../'))
      return `"${entryPath}" links outside its folder to "${linkpath}"`;
  }
  return undefined;
}

/**
 * Extract the entries named in `wanted` (archive path -> file name) into the
 * empty folder `staging`. Resolves to the extracted file paths by name.
 */
export async function extractWanted(
  archivePath: string,
  staging: string,
  wanted: ReadonlyMap<string, string>,
  label: string,
): Promise<Map<string, string>> {
  const wantedByPath = new Map([...wanted].map(([entry, name]) => [normalizeEntryPath(entry), name]));
  let refusal: string | undefined;
  try {
    await tar.x({
      file: archivePath,
      cwd: staging,
      strict: true,
      // Running as root would otherwise hand the files to the tarball's uid.
      preserveOwner: false,
      filter: (entryPath, entry) => {
        const type = 'type' in entry ? String(entry.type) : 'File';
        const linkpath = 'linkpath' in entry ? entry.linkpath : undefined;
        const escape = entryEscape(entryPath, type, linkpath);
        if (escape) {
          refusal ??= escape;
          return false;
        }
        if (!wantedByPath.has(normalizeEntryPath(entryPath))) return false;
        if (!fileTypes.has(type)) {
          refusal ??= `"${entryPath}" is a ${type}, not a regular file`;
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    throw fail('bad-archive', `could not read ${label} as a gzip'd tarball: ${(error as Error).message}`);
  }
  if (refusal) throw fail('unsafe-archive', `refusing ${label}: ${refusal}`);

  const out = new Map<string, string>();
  for (const [entry, name] of wantedByPath) {
    const extracted = path.join(staging, ...entry.split('/'));
    const stat = await lstat(extracted).catch(() => undefined);
    if (!stat?.isFile()) throw fail('missing-entry', `${label} does not contain ${entry}`);
    out.set(name, extracted);
  }
  return out;
}
