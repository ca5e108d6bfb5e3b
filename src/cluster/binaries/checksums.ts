// Parsing the SHA-256 files upstream projects publish. Two shapes exist:
// dl.k8s.io's `<url>.sha256` holds only the hex digest; everything else is
// `sha256sum` output (`<hex>  <name>`, or `<hex> *<name>` in binary mode), one
// line per asset, sometimes with a `./` before the name.
import type { SumFormat } from './release-urls.js';

export type SumParse =
  { readonly ok: true; readonly sha256: string } | { readonly ok: false; readonly reason: string };

const hex64 = /^[0-9a-fA-F]{64}$/;

/** A bare digest file: one 64-hex token, nothing else that matters. */
export function parseBareDigest(text: string): SumParse {
  const tokens = text.trim().split(/\s+/);
  const [digest] = tokens;
  if (tokens.length !== 1 || digest === undefined || !hex64.test(digest)) {
    return { ok: false, reason: 'the checksum file does not hold a single SHA-256 hex digest' };
  }
  return { ok: true, sha256: digest.toLowerCase() };
}

/** The digest `sha256sum` output gives for `fileName`. */
export function parseSha256Sums(text: string, fileName: string): SumParse {
  let sawLine = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line);
    if (!match) continue;
    sawLine = true;
    const [, digest, name] = match;
    if (digest !== undefined && name !== undefined && stripDotSlash(name.trim()) === fileName) {
      return { ok: true, sha256: digest.toLowerCase() };
    }
  }
  return {
    ok: false,
    reason: sawLine
      ? `the checksum file has no line for ${fileName}`
      : 'the checksum file is not in sha256sum format',
  };
}

export function parseSumFile(format: SumFormat, text: string, fileName: string): SumParse {
  return format === 'bare' ? parseBareDigest(text) : parseSha256Sums(text, fileName);
}

function stripDotSlash(name: string): string {
  return name.startsWith('./') ? name.slice(2) : name;
}
