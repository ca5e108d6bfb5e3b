import { describe, expect, it } from 'vitest';
import { FieldPathError, parseFieldPath } from '../../src/lesson/field-path.js';
import {
  compileFields,
  describeMismatch,
  fieldMatches,
  mismatches,
  valueAt,
} from '../../src/verify/object-fields.js';

const pod = {
  metadata: { name: 'web-1', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: { replicas: 2 },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
    ],
  },
};

describe('field paths', () => {
  it('reads dotted paths, array indexes, matches and quoted keys', () => {
    expect(valueAt(pod, parseFieldPath('status.phase'))).toBe('Running');
    expect(valueAt(pod, parseFieldPath('status.conditions[0].type'))).toBe('PodScheduled');
    expect(valueAt(pod, parseFieldPath('status.conditions[type=Ready].status'))).toBe('False');
    expect(valueAt(pod, parseFieldPath('status.conditions[type="Ready"].reason'))).toBe('ContainersNotReady');
    expect(valueAt(pod, parseFieldPath('metadata.labels["app.kubernetes.io/name"]'))).toBe('web');
  });

  it('gives undefined for anything missing instead of throwing', () => {
    expect(valueAt(pod, parseFieldPath('status.podIP'))).toBeUndefined();
    expect(valueAt(pod, parseFieldPath('status.conditions[5].type'))).toBeUndefined();
    expect(valueAt(pod, parseFieldPath('status.conditions[type=Nope].status'))).toBeUndefined();
    expect(valueAt(pod, parseFieldPath('status.phase.deeper'))).toBeUndefined();
    expect(valueAt(pod, parseFieldPath('spec[0]'))).toBeUndefined();
  });

  it('names the position of a malformed path', () => {
    expect(() => parseFieldPath('status..phase')).toThrow(FieldPathError);
    expect(() => parseFieldPath('status.conditions[0')).toThrow(/"\[" without "\]"/);
    expect(() => parseFieldPath('status.conditions[a b]')).toThrow(/brackets hold/);
    expect(() => parseFieldPath('a[0]b')).toThrow(/character 5/);
    expect(() => parseFieldPath('')).toThrow(/empty/);
  });
});

describe('field values', () => {
  it('compares scalars by text so YAML types need not be exact', () => {
    expect(fieldMatches(2, 2)).toBe(true);
    expect(fieldMatches('2', 2)).toBe(true);
    expect(fieldMatches(true, 'true')).toBe(true);
    expect(fieldMatches('True', true)).toBe(false);
    expect(fieldMatches(undefined, null)).toBe(true);
    expect(fieldMatches('x', null)).toBe(false);
    expect(fieldMatches({ a: 1 }, '[object Object]')).toBe(false);
    expect(fieldMatches(undefined, 'Running')).toBe(false);
  });

  it('describes what differs in a sentence', () => {
    const fields = compileFields({
      'status.phase': 'Pending',
      'status.readyReplicas': 2,
      'spec.replicas': 2,
    });
    expect(fields.summary).toBe('status.phase=Pending, status.readyReplicas=2, spec.replicas=2');
    expect(mismatches(pod, fields).map(describeMismatch)).toEqual([
      'status.phase is Running, expected Pending',
      'status.readyReplicas is not set, expected 2',
    ]);
  });
});
