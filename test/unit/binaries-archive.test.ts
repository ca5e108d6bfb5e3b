import { describe, expect, it } from 'vitest';
import { entryEscape, normalizeEntryPath } from '../../src/cluster/binaries/safe-extract.js';
import { isTempName } from '../../src/cluster/binaries/cache-files.js';

describe('entryEscape', () => {
  it.each([
    ['bin/ctr', 'File', undefined],
    ['./bridge', 'File', undefined],
    ['etcd-v3.6.16-linux-amd64/Documentation/', 'Directory', undefined],
    ['a/link', 'SymbolicLink', '../b'],
    ['hard', 'Link', 'bin/ctr'],
  ])('lets %s (%s) through', (entryPath, type, linkpath) => {
    expect(entryEscape(entryPath, type, linkpath)).toBeUndefined();
  });

  it.each([
    ['../evil', 'File', undefined, /climbs out/],
    ['bin/../../evil', 'File', undefined, /climbs out/],
    ['/etc/cron.d/x', 'File', undefined, /absolute path/],
    ['C:evil', 'File', undefined, /absolute path/],
    ['link', 'SymbolicLink', '/etc/passwd', /links to the absolute path/],
    ['a/link', 'SymbolicLink', '../../etc', /links outside its folder/],
    ['hard', 'Link', '../outside', /links outside its folder/],
  ])('refuses %s (%s)', (entryPath, type, linkpath, reason) => {
    expect(entryEscape(entryPath, type, linkpath)).toMatch(reason);
  });
});

it('compares archive paths without ./ and doubled slashes', () => {
  expect(normalizeEntryPath('./bridge')).toBe('bridge');
  expect(normalizeEntryPath('bin//ctr')).toBe('bin/ctr');
});

it('recognises only our own temp names', () => {
  expect(isTempName('.tmp-123-00ff-kubelet')).toBe(true);
  expect(isTempName('kubelet')).toBe(false);
  expect(isTempName('.tmp-kubelet')).toBe(false);
});
