import { describe, expect, it } from 'vitest';
import { applyManifest, parseManifest } from '../../src/cluster/apply.js';

describe('parseManifest', () => {
  it('reads every document, skips empty ones and flattens Lists', () => {
    const objs = parseManifest(`
apiVersion: v1
kind: Namespace
metadata: {name: demo}
---
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
`);
    expect(Array.isArray(objs) && objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/demo',
      'ConfigMap/a',
      'ConfigMap/b',
    ]);
  });

  it('reads YAML as kubectl does: merge keys merged, dates kept as strings', () => {
    const objs = parseManifest(`
apiVersion: v1
kind: ConfigMap
metadata: {name: merged}
data:
  base: &base {colour: blue, since: 2024-01-01}
  merged:
    <<: *base
    size: 3
`);
    expect(Array.isArray(objs) && objs[0]?.data).toEqual({
      base: { colour: 'blue', since: '2024-01-01' },
      merged: { colour: 'blue', since: '2024-01-01', size: 3 },
    });
  });

  it('says what is wrong, and where', () => {
    expect(parseManifest('kind: ConfigMap\nmetadata:\n  name: [a\n')).toMatch(
      /^the manifest is not valid YAML \(line \d+, column \d+\): /,
    );
    expect(parseManifest('kind: ConfigMap\nmetadata: {name: a}')).toBe(
      'the manifest has no apiVersion (for example apps/v1)',
    );
    expect(parseManifest('apiVersion: v1\nmetadata: {name: a}')).toBe(
      'the manifest has no kind (for example Deployment)',
    );
    expect(
      parseManifest(
        'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\nmetadata: {generateName: x-}',
      ),
    ).toBe(
      'document 1 (Pod) has no metadata.name: applying needs a name (generateName only works with create)',
    );
    expect(parseManifest('- a\n- b')).toBe(
      'the manifest is not a mapping with apiVersion, kind and metadata',
    );
  });
});

describe('applyManifest without a cluster', () => {
  it('fails with a sentence before touching the network', async () => {
    expect(
      await applyManifest(
        '/nonexistent/admin.kubeconfig',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}',
      ),
    ).toEqual({
      ok: false,
      reason:
        'the kubeconfig /nonexistent/admin.kubeconfig does not exist yet: has the step that writes it run?',
      applied: [],
    });
    expect(await applyManifest('/nonexistent', '# nothing\n')).toMatchObject({
      ok: false,
      reason: 'the manifest has no objects in it',
    });
  });
});
