// Fills the pin table (src/cluster/binaries/pins.ts) with the SHA-256 of every
// default release artifact, for amd64 and arm64, read from the sum files each
// project publishes next to its releases (dl.k8s.io's <file>.sha256, GitHub's
// SHA256SUMS / .sha256sum / checksums.txt), over HTTPS from upstream itself,
// never a mirror. Run it on a machine that reaches dl.k8s.io and github.com,
// after `npm run build` (it uses the built URL and sum-file code), whenever
// src/cluster/versions.ts changes; review the diff and commit it.
//
//   npm run build && node scripts/pin-release-sums.mjs
//
// Exits 1, changing nothing, if any sum file cannot be read or lacks its file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const { releaseArtifacts } = await import(dist('cluster/binaries/release-urls.js'));
const { parseSumFile } = await import(dist('cluster/binaries/checksums.js'));
const { defaultVersions } = await import(dist('cluster/versions.js'));

const table = {};
const problems = [];
const texts = new Map();
for (const arch of ['amd64', 'arm64']) {
  for (const a of releaseArtifacts(defaultVersions, arch)) {
    if (!a.sumUrl.startsWith('https://')) throw new Error(`not an HTTPS sum file: ${a.sumUrl}`);
    try {
      if (!texts.has(a.sumUrl)) {
        const res = await fetch(a.sumUrl, {
          redirect: 'follow',
          headers: { 'user-agent': 'demystify-pins' },
        });
        if (res.status !== 200) throw new Error(`${a.sumUrl} answered ${res.status}`);
        if (!res.url.startsWith('https://')) throw new Error(`${a.sumUrl} redirected to ${res.url}`);
        texts.set(a.sumUrl, await res.text());
      }
      const sum = parseSumFile(a.sumFormat, texts.get(a.sumUrl), a.fileName);
      if (!sum.ok) throw new Error(`${a.sumUrl}: ${sum.reason}`);
      (((table[a.project] ??= {})[a.version] ??= {})[arch] ??= {})[a.fileName] = sum.sha256;
      process.stderr.write(`${sum.sha256}  ${a.project} ${a.version} ${arch} ${a.fileName}\n`);
    } catch (e) {
      problems.push(`${a.project} ${a.version} ${arch} ${a.fileName}: ${e.message}`);
    }
  }
}
if (problems.length) {
  process.stderr.write(
    `pin-release-sums: nothing written, ${problems.length} problems:\n${problems.join('\n')}\n`,
  );
  process.exit(1);
}

const file = path.join(root, 'src/cluster/binaries/pins.ts');
const text = fs.readFileSync(file, 'utf8');
const begin = text.indexOf('// BEGIN PINS');
const end = text.indexOf('// END PINS');
if (begin < 0 || end < 0) throw new Error(`${file} lacks its BEGIN PINS / END PINS markers`);
const line = text.slice(begin, text.indexOf('\n', begin) + 1);
const block = `${line}export const PINNED_SHA256: PinTable = ${JSON.stringify(table, null, 2)};\n`;
fs.writeFileSync(file, text.slice(0, begin) + block + text.slice(end));
execFileSync(path.join(root, 'node_modules/.bin/prettier'), ['--write', file], { stdio: 'inherit' });
process.stderr.write(
  `pin-release-sums: ${file} now pins ${Object.keys(table).length} projects; review and commit it\n`,
);
