// The built-in lesson actions: certificates (instead of cfssl/openssl) and
// kubeconfigs (instead of `kubectl config set-*`). Each returns a readable
// account of what it made, which the learner sees with the step.
import path from 'node:path';
import type { ImagesParams, KubeconfigParams, PkiParams } from '../lesson/action-schema.js';
import { buildWorkshopImages, findBusybox } from '../cluster/images/workshop-images.js';
import type { ActionContext, StepOutcome } from './run-step.js';
import { kubeconfigPlan, MissingPkiFilesError, writeKubeconfig } from '../cluster/kubeconfig.js';
import {
  classicAdminPlan,
  describeCertificate,
  generatePki,
  nodeKubeletPlan,
  perRolePlan,
} from '../cluster/pki/index.js';
import { nodeAddresses } from '../host/plan.js';
import fs from 'node:fs/promises';

export async function pkiAction(params: unknown, ctx: ActionContext): Promise<StepOutcome> {
  const p = params as PkiParams;
  const identity = {
    // The kubelet's certificate names the node (system:node:<name>) and its address.
    hostname: ctx.vars.NODE_NAME ?? ctx.vars.HOSTNAME ?? 'localhost',
    nodeIp: ctx.vars.NODE_IP ?? '127.0.0.1',
    serviceCidr: ctx.vars.SERVICE_CIDR ?? '10.32.0.0/24',
    clusterDomain: ctx.vars.CLUSTER_DOMAIN ?? 'cluster.local',
  };
  const dir = path.join(ctx.workspace, p.dir);
  try {
    const plan =
      p.plan === 'classic-admin'
        ? classicAdminPlan(identity)
        : p.plan === 'node'
          ? nodeKubeletPlan({ hostname: p.node ?? '', nodeIp: nodeAddresses(p.node ?? '').ip })
          : perRolePlan(identity);
    // A node's plan regenerates its own certificate only, never the CA the cluster trusts.
    const regenerate = p.plan === 'node' && p.regenerate ? plan.certs.map((c) => c.name) : p.regenerate;
    const res = await generatePki(dir, plan, { regenerate });
    const lines = [
      `${p.dir}/: CA ${res.ca.action}, ${res.certs.length} certificate(s)${res.serviceAccount ? ', service-account key pair' : ''}`,
    ];
    // A node's plan only signs with the CA: its certificate is the news.
    for (const c of p.plan === 'node' ? res.certs : [res.ca, ...res.certs]) {
      const pem = await fs.readFile(c.certPath, 'utf8');
      lines.push(
        '',
        `${path.relative(ctx.workspace, c.certPath)} (${c.action}${c.reason ? `: ${c.reason}` : ''})`,
      );
      lines.push(
        ...describeCertificate(pem)
          .split('\n')
          .map((l) => `  ${l}`),
      );
    }
    if (res.serviceAccount)
      lines.push(
        '',
        `${path.relative(ctx.workspace, res.serviceAccount.privateKeyPath)} + .pub (${res.serviceAccount.keyType}, ${res.serviceAccount.action})`,
      );
    return { ok: true, detail: lines.join('\n') };
  } catch (e) {
    return { ok: false, reason: `could not make the certificates in ${p.dir}/: ${(e as Error).message}` };
  }
}

export async function kubeconfigAction(params: unknown, ctx: ActionContext): Promise<StepOutcome> {
  const p = params as KubeconfigParams;
  try {
    const planned = await kubeconfigPlan({
      pkiDir: path.join(ctx.workspace, p.pki),
      server: p.server,
      credentials: p.credentials,
      ...(p.node !== undefined ? { node: p.node } : {}),
    });
    const lines: string[] = [];
    for (const k of planned) {
      const file = path.join(ctx.workspace, p.dir, k.fileName);
      const how = await writeKubeconfig(file, k.config);
      const user = k.config.users[0]?.name ?? k.name;
      lines.push(`${path.join(p.dir, k.fileName)} (${how}): user ${user} -> ${p.server}`);
    }
    return { ok: true, detail: lines.join('\n') };
  } catch (e) {
    const why =
      e instanceof MissingPkiFilesError
        ? `${e.message}: run the pki step${p.node !== undefined ? ` with plan: node, node: ${p.node}` : ''} first`
        : (e as Error).message;
    return { ok: false, reason: `could not write the kubeconfigs: ${why}` };
  }
}

export async function imagesAction(params: unknown, ctx: ActionContext): Promise<StepOutcome> {
  const p = params as ImagesParams;
  const busybox = await findBusybox();
  if (!busybox) {
    return {
      ok: false,
      reason:
        'no static busybox found (looked in /bin, /usr/bin, /usr/local/bin): install it with `apt-get install busybox-static`',
    };
  }
  try {
    const built = await buildWorkshopImages(path.join(ctx.workspace, p.dir), busybox);
    return {
      ok: true,
      detail: built
        .map((b) => `${path.relative(ctx.workspace, b.file)}: ${b.name} (${b.digest.slice(0, 19)}…)`)
        .join('\n'),
    };
  } catch (e) {
    return { ok: false, reason: `could not build the images: ${(e as Error).message}` };
  }
}
