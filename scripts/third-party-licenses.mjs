// The third-party licence file of the package, written from what the bundle
// holds: every npm package with at least one byte in an output file gets its
// name, version, licence and licence text, because the package ships their
// code inside dist/ and no longer brings them as dependencies (which carried
// their own licence files). bundle.mjs calls it with esbuild's metafile.
import fs from 'node:fs';
import path from 'node:path';

const LICENCE_FILE = /^(un)?licen[cs]e|^copying|^notice/i;

// The MIT licence's terms, for a package that says MIT but ships no licence file (@xterm/headless).
const MIT_TERMS = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

/** `node_modules/a/node_modules/@b/c/lib/x.js` -> `node_modules/a/node_modules/@b/c` (the innermost package). */
export function packageDirOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1].startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

/** The package folders whose code made it into an output (an input tree-shaken to nothing does not count). */
export function bundledPackageDirs(metafile) {
  const dirs = new Set();
  for (const output of Object.values(metafile.outputs))
    for (const [input, used] of Object.entries(output.inputs ?? {}))
      if (used.bytesInOutput > 0) {
        const dir = packageDirOf(input);
        if (dir) dirs.add(dir);
      }
  return [...dirs];
}

function readPackage(root, dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const license =
    typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? pkg.licenses?.[0]?.type ?? '');
  const files = fs
    .readdirSync(path.join(root, dir))
    .filter((f) => LICENCE_FILE.test(f))
    .sort();
  const texts = files.map((f) => fs.readFileSync(path.join(root, dir, f), 'utf8').trim());
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return { name: pkg.name, version: pkg.version, license, texts, repository };
}

/** The file's text: one section per package and version, in name order. */
export function licenceText(root, metafile) {
  const seen = new Map();
  for (const dir of bundledPackageDirs(metafile)) {
    const p = readPackage(root, dir);
    seen.set(`${p.name}@${p.version}`, p);
  }
  const packages = [...seen.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
  const rule = '-'.repeat(72);
  const out = [
    'Third-party software in this package',
    '',
    'dist/ bundles the code of the packages below (scripts/bundle.mjs); each is',
    'under its own licence, reproduced here. @lydell/node-pty is not bundled: it',
    'is installed as a dependency, with its licence.',
    '',
  ];
  for (const p of packages) {
    out.push(rule, `${p.name} ${p.version}`, `License: ${p.license || 'not stated in its package.json'}`, '');
    if (p.texts.length === 0 && p.license === 'MIT')
      out.push(
        `(no licence file in the package; the MIT licence, copyright its authors${p.repository ? `, ${p.repository}` : ''})`,
        '',
        MIT_TERMS,
        '',
      );
    else if (p.texts.length === 0) out.push('(the package ships no licence file)', '');
    for (const text of p.texts) out.push(text, '');
  }
  return { text: out.join('\n'), packages: packages.map((p) => p.name) };
}
