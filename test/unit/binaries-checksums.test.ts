import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBareDigest, parseSha256Sums, parseSumFile } from '../../src/cluster/binaries/checksums.js';

const digest = 'a'.repeat(56) + '0123ABCD';

describe('parseBareDigest (dl.k8s.io <url>.sha256)', () => {
  it('takes the digest with or without a trailing newline, lower-cased', () => {
    expect(parseBareDigest(digest)).toEqual({ ok: true, sha256: digest.toLowerCase() });
    expect(parseBareDigest(`${digest}\n`)).toEqual({ ok: true, sha256: digest.toLowerCase() });
  });

  it('refuses anything that is not exactly one 64-hex token', () => {
    expect(parseBareDigest('').ok).toBe(false);
    expect(parseBareDigest('abc').ok).toBe(false);
    expect(parseBareDigest(`${digest}  kube-apiserver`).ok).toBe(false);
    expect(parseBareDigest('<html>404</html>').ok).toBe(false);
    expect(parseBareDigest('g'.repeat(64)).ok).toBe(false);
  });
});

describe('parseSha256Sums (SHA256SUMS, .sha256sum, runc.sha256sum, CNI .sha256)', () => {
  const list = [
    `${'1'.repeat(64)}  etcd-v3.6.16-darwin-arm64.zip`,
    `${'2'.repeat(64)}  etcd-v3.6.16-linux-amd64.tar.gz`,
    `${'3'.repeat(64)} *runc.amd64`,
    `${'4'.repeat(64)}  ./cni-plugins-linux-amd64-v1.9.1.tgz`,
  ].join('\r\n');

  it('finds the line for the file, in text and binary mode, with or without ./', () => {
    expect(parseSha256Sums(list, 'etcd-v3.6.16-linux-amd64.tar.gz')).toEqual({
      ok: true,
      sha256: '2'.repeat(64),
    });
    expect(parseSha256Sums(list, 'runc.amd64')).toEqual({ ok: true, sha256: '3'.repeat(64) });
    expect(parseSha256Sums(list, 'cni-plugins-linux-amd64-v1.9.1.tgz')).toEqual({
      ok: true,
      sha256: '4'.repeat(64),
    });
  });

  it('does not match a file name by prefix', () => {
    expect(parseSha256Sums(list, 'runc')).toEqual({
      ok: false,
      reason: 'the checksum file has no line for runc',
    });
  });

  it('says when the text is not sha256sum output at all', () => {
    expect(parseSha256Sums('<html>Not Found</html>', 'x')).toEqual({
      ok: false,
      reason: 'the checksum file is not in sha256sum format',
    });
  });

  it('reads back any line sha256sum could write', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/);
    const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    fc.assert(
      fc.property(hex, name, fc.boolean(), (h, n, binary) => {
        const parsed = parseSha256Sums(`${h} ${binary ? '*' : ' '}${n}\n`, n);
        expect(parsed).toEqual({ ok: true, sha256: h });
      }),
    );
  });
});

it('parseSumFile picks the parser by format', () => {
  expect(parseSumFile('bare', digest, 'ignored').ok).toBe(true);
  expect(parseSumFile('sha256sum', digest, 'kubelet').ok).toBe(false);
});
