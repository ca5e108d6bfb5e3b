// What in a manifest runs as root on a node: a Pod (or a workload's Pod
// template) with a privileged container, or a hostPath volume, which hands
// the node's own files to the container. Applying one needs no password, but
// it is root on the node all the same (and a node shares the host's files),
// so lint counts such an `{apply}` as a step that needs root.
import { isRecord, loadYamlBody } from './yaml-body.js';

/** The first reason this manifest's Pods run with root's reach on their node, if any. */
export function privilegedPodReason(body: string): string | undefined {
  const { docs } = loadYamlBody('', 1, body, true);
  for (const doc of docs) {
    if (!isRecord(doc)) continue;
    const name =
      isRecord(doc.metadata) && typeof doc.metadata.name === 'string' ? ` ${doc.metadata.name}` : '';
    const what = `${typeof doc.kind === 'string' ? doc.kind : 'an object'}${name}`;
    for (const spec of podSpecs(doc)) {
      const containers = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) =>
        Array.isArray(spec[k]) ? (spec[k] as unknown[]) : [],
      );
      const privileged = containers.find(
        (c) => isRecord(c) && isRecord(c.securityContext) && c.securityContext.privileged === true,
      );
      if (privileged)
        return `it applies ${what}, whose container ${containerName(privileged)} is privileged (root on its node)`;
      const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
      const hostPath = volumes.find((v) => isRecord(v) && v.hostPath !== undefined);
      if (hostPath)
        return `it applies ${what}, whose volume ${containerName(hostPath)} is a hostPath (the node's own files)`;
    }
  }
  return undefined;
}

/** A Pod's spec, a workload's Pod template spec, a CronJob's job template's. */
function podSpecs(doc: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const spec = doc.spec;
  if (!isRecord(spec)) return out;
  if (doc.kind === 'Pod') out.push(spec);
  const template = (s: unknown): unknown =>
    isRecord(s) && isRecord(s.template) ? s.template.spec : undefined;
  const fromTemplate = template(spec);
  if (isRecord(fromTemplate)) out.push(fromTemplate);
  const job = isRecord(spec.jobTemplate) ? template(spec.jobTemplate.spec) : undefined;
  if (isRecord(job)) out.push(job);
  return out;
}

function containerName(x: unknown): string {
  return isRecord(x) && typeof x.name === 'string' ? x.name : '(unnamed)';
}
