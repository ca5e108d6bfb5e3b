import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import type { FetchProgress } from '../../src/cluster/binaries/fetch-binaries.js';
import { createProgressRenderer, formatBytes } from '../../src/cluster/binaries/progress.js';

function capture(tty: boolean): {
  stream: PassThrough & { isTTY?: boolean; columns?: number };
  text: () => string;
} {
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns: 80 });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

const events: FetchProgress[] = [
  { file: 'kubectl', project: 'kubernetes', phase: 'cached', done: 0, total: undefined },
  { file: 'runc.amd64', project: 'runc', phase: 'downloading', done: 0, total: 12_000_000 },
  { file: 'runc.amd64', project: 'runc', phase: 'downloading', done: 6_000_000, total: 12_000_000 },
  { file: 'runc.amd64', project: 'runc', phase: 'verifying', done: 12_000_000, total: 12_000_000 },
  { file: 'runc.amd64', project: 'runc', phase: 'done', done: 12_000_000, total: 12_000_000 },
  { file: 'SHA256SUMS', project: 'etcd', phase: 'failed', done: 0, total: undefined },
];

it('prints one plain line per file event when not on a terminal', () => {
  const { stream, text } = capture(false);
  const renderer = createProgressRenderer({ stream });
  for (const e of events) renderer.onProgress(e);
  renderer.stop();
  expect(text()).toBe(
    [
      'kubectl: already in the cache',
      'downloading runc.amd64 (11.4 MB)',
      'runc.amd64: verified and installed',
      'SHA256SUMS: failed',
      '',
    ].join('\n'),
  );
});

it('draws bars on a terminal and leaves the final state visible', () => {
  const { stream, text } = capture(true);
  const renderer = createProgressRenderer({ stream });
  for (const e of events) renderer.onProgress(e);
  renderer.stop();
  const out = text();
  expect(out).toContain('kubectl: already in the cache');
  expect(out).toContain('runc.amd64');
  expect(out).toContain('100%');
});

it('formats sizes for people', () => {
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(2048)).toBe('2.0 KB');
  expect(formatBytes(52_428_800)).toBe('50.0 MB');
});
