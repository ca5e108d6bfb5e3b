import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { doctorPassed, type DoctorRow } from '../../src/cluster/doctor/doctor-row.js';
import { formatDoctor, shouldColor, summary, wrap } from '../../src/cluster/doctor/format-doctor.js';

const rows: DoctorRow[] = [
  { check: 'OS/arch', status: 'ok', detail: 'linux amd64' },
  {
    check: 'cgroups',
    status: 'warn',
    detail: 'v1: kubelet needs failCgroupV1: false and cgroupDriver: cgroupfs',
    fix: 'the lessons set both; a cgroup v2 host avoids the deprecated path',
  },
  {
    check: 'containerd-shim-runc-v2',
    status: 'fail',
    detail: 'not found',
    fix: 'run `demystify fetch` to download containerd-shim-runc-v2 v2.3.7, or `apt-get install containerd`',
  },
  {
    check: 'ports',
    status: 'ok',
    detail: '2379 2380 6443 10250 10257 10259 free',
    fix: 'never shown for ok rows',
  },
];

describe('formatDoctor', () => {
  it('lays out an 80-column table with wrapped details and fixes', () => {
    expect(formatDoctor(rows)).toBe(
      [
        'ok    OS/arch                  linux amd64',
        'warn  cgroups                  v1: kubelet needs failCgroupV1: false and',
        '                               cgroupDriver: cgroupfs',
        '                               fix: the lessons set both; a cgroup v2 host',
        '                                    avoids the deprecated path',
        'FAIL  containerd-shim-runc-v2  not found',
        '                               fix: run `demystify fetch` to download',
        '                                    containerd-shim-runc-v2 v2.3.7, or `apt-get',
        '                                    install containerd`',
        'ok    ports                    2379 2380 6443 10250 10257 10259 free',
        '',
        '1 check failed, 1 warning: fix the failures before starting the workshop.',
        '',
      ].join('\n'),
    );
  });

  it('never exceeds the width, even with unbroken words', () => {
    const long: DoctorRow = {
      check: 'x'.repeat(40),
      status: 'fail',
      detail: '/a'.repeat(60),
      fix: 'y'.repeat(100),
    };
    for (const width of [80, 60]) {
      for (const line of formatDoctor([...rows, long], { width }).split('\n')) {
        expect(line.length).toBeLessThanOrEqual(width);
      }
    }
  });

  it('colors only the status word, and only when asked', () => {
    expect(formatDoctor(rows)).not.toContain('\u001b[');
    const colored = formatDoctor(rows, { color: true });
    expect(colored).toContain('\u001b[1;31mFAIL\u001b[22;39m  containerd-shim-runc-v2');
    expect(stripVTControlCharacters(colored)).toBe(formatDoctor(rows));
  });
});

it('shouldColor respects NO_COLOR, pipes and dumb terminals', () => {
  expect(shouldColor({}, true)).toBe(true);
  expect(shouldColor({ NO_COLOR: '1' }, true)).toBe(false);
  expect(shouldColor({ NO_COLOR: '' }, true)).toBe(true);
  expect(shouldColor({}, false)).toBe(false);
  expect(shouldColor({ TERM: 'dumb' }, true)).toBe(false);
});

it('passes with warnings, never with a failure', () => {
  const [ok, warn, fail] = rows;
  expect(doctorPassed([ok!, warn!])).toBe(true);
  expect(doctorPassed([ok!, fail!])).toBe(false);
  expect(doctorPassed([])).toBe(true);
  expect(summary([ok!])).toBe('All checks passed.');
  expect(summary([ok!, warn!, warn!])).toBe('Ready, with 2 warnings.');
});

it('wrap splits words longer than the line', () => {
  expect(wrap('abcdefgh ij', 3)).toEqual(['abc', 'def', 'gh', 'ij']);
  expect(wrap('', 10)).toEqual(['']);
});
