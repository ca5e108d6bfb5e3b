// @module-tag isolated (no fixed port, no node network, no host state)
// applyManifest against a real etcd + kube-apiserver: created, unchanged,
// configured, and failures as sentences naming the object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyManifest } from '../../src/cluster/apply.js';
import { connectCluster } from '../../src/verify/kube-client.js';
import { startControlPlane, type ControlPlane } from './helpers/control-plane.js';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
}, 120_000);
afterAll(async () => cp?.stop());

const manifest = (color: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {color: ${color}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: Viewer}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: busybox}]}
`;

describe('applyManifest', () => {
  it('creates, then reports unchanged, then configured', async () => {
    const first = await applyManifest(cp.kubeconfigPath, manifest('red'));
    expect(first).toMatchObject({
      ok: true,
      detail:
        'namespace/shop created\nconfigmap/settings created\nclusterrole.rbac.authorization.k8s.io/Viewer created\ndeployment.apps/web created',
    });
    expect(first.applied.map((a) => a.namespace)).toEqual([undefined, 'shop', undefined, 'default']);
    const again = await applyManifest(cp.kubeconfigPath, manifest('red'));
    expect(again.applied.map((a) => a.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const changed = await applyManifest(cp.kubeconfigPath, manifest('blue'));
    expect(changed.applied.map((a) => a.action)).toEqual([
      'unchanged',
      'configured',
      'unchanged',
      'unchanged',
    ]);
    const cm = await connectCluster(cp.kubeconfigPath).get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'shop',
      name: 'settings',
    });
    expect(cm?.data).toEqual({ color: 'blue' });
  });

  it('uses namespaceDefault for objects that name no namespace', async () => {
    await applyManifest(cp.kubeconfigPath, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}');
    const r = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: here}',
      { namespaceDefault: 'other' },
    );
    expect(r).toMatchObject({ ok: true, applied: [{ namespace: 'other', action: 'created' }] });
  });

  it('turns every failure into a sentence naming the object', async () => {
    const typo = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndatta: {a: b}',
    );
    expect(typo).toMatchObject({
      ok: false,
      reason: 'ConfigMap t: the API server knows no field datta: check its spelling and indentation',
    });
    const kind = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: d}',
    );
    expect(kind).toEqual({
      ok: false,
      reason:
        'Deploymnet d: the API server knows no kind Deploymnet in apps/v1: check the spelling and capitals (for example Deployment in apps/v1)',
      applied: [],
    });
    const group = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: nope.example.com/v1\nkind: Thing\nmetadata: {name: d}',
    );
    expect(group).toMatchObject({
      ok: false,
      reason:
        'Thing d: the API server does not serve apiVersion nope.example.com/v1: check the spelling (for example apps/v1, v1)',
    });
    const ns = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: missing}',
    );
    expect(ns).toMatchObject({
      ok: false,
      reason:
        'ConfigMap c: namespace missing does not exist: create it first, or put a Namespace before this object in the manifest',
    });
    const invalid = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}',
    );
    expect(invalid).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^ConfigMap Bad_Name: the API server rejected it as invalid: .*Bad_Name/),
    });
    const partial = await applyManifest(
      cp.kubeconfigPath,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok1}\n---\napiVersion: v1\nkind: Nope\nmetadata: {name: x}',
    );
    expect(partial).toMatchObject({ ok: false, applied: [{ name: 'ok1', action: 'created' }] });
  });
});
