// The folder demystify is installed in (the one with its package.json): the
// built-in workshop, its assets and the package's own description are there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder above this module with our package.json (dist/fs/ when
 * built by tsc, a chunk of the bundle under dist/ when installed, src/fs/ in
 * tests).
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

export interface PackageInfo {
  readonly version: string;
  /** Where bugs are reported (package.json's bugs), when it says. */
  readonly bugs: string | undefined;
}

export function packageInfo(root: string = packageRoot): PackageInfo {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    bugs?: string | { url?: string };
  };
  return { version: pkg.version, bugs: typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url };
}

/** demystify's version, from its package.json (the user agent of its own requests says it). */
export const packageVersion: string = packageInfo().version;
