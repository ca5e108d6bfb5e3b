// Where the crash matrix kills demystify, read from the lessons rather than
// written down as chapter numbers, so that a chapter split in two or a new
// chapter moves the kill points with it. A kill point is a chapter after
// which something of a kind that never ran before is running: what a crash
// there leaves behind is new to the repair. The kinds are those of what a
// crash can leave on the host:
//   - a process on the host, and later the most the workshop keeps running
//     there at once (each has a pid record of its own, reaped by the next
//     start);
//   - a node, a process on a node, containers (a check sees Pods Running),
//     packet rules (a Service is applied), and each further node (with
//     routes between them). Whatever runs inside a node lives in its
//     namespaces and cgroups and goes with it, so on a node the kinds are
//     what it holds, not which program.
import type { Step, Workshop } from '../../src/lesson/model.js';

/** The kinds, as a kill point's `news` names them. */
export const KIND = {
  hostProcess: 'a process on the host',
  hostFullest: 'every process the workshop keeps running on the host',
  node: 'a node',
  nodeProcess: 'a process on a node',
  containers: 'containers (Pods Running)',
  packetRules: "packet rules (a Service's)",
  nodes: (n: number) => `${n} nodes, with routes between them`,
} as const;

export type Kill = 'demystify' | 'demystify+helper';
export type Then = 'next start' | 'clean';

export interface KillPoint {
  /** The chapter whose end is the kill point: everything it started runs. */
  readonly after: string;
  /** The chapter after it: the crash comes once its start is reached. */
  readonly at: string | undefined;
  /** What is new at this point, in words. */
  readonly news: readonly string[];
  /** What is SIGKILLed, and what repairs: see variations below. */
  readonly kill: Kill;
  readonly then: Then;
}

/**
 * The variations, in turn over the kill points: with no node yet there is no
 * helper to kill, so those points alternate the repair; once a node runs,
 * every combination of what is killed and what repairs comes round.
 */
const HOST_VARIATIONS: ReadonlyArray<[Kill, Then]> = [
  ['demystify', 'next start'],
  ['demystify', 'clean'],
];
const NODE_VARIATIONS: ReadonlyArray<[Kill, Then]> = [
  ['demystify', 'next start'],
  ['demystify+helper', 'clean'],
  ['demystify', 'clean'],
  ['demystify+helper', 'next start'],
];

export function killPoints(workshop: Workshop): KillPoint[] {
  const chapters = workshop.chapters;
  const fullest = Math.max(0, ...hostRunning(workshop).map((r) => r.size));
  const host = new Set<string>(); // host panes running
  const nodes = new Set<string>();
  let nodeProcess = false;
  const seen = new Set<string>();
  const points: KillPoint[] = [];
  let hostTurn = 0;
  let nodeTurn = 0;
  chapters.forEach((chapter, i) => {
    for (const s of chapter.steps) {
      if (s.kind === 'component' && !s.node) host.add(s.pane);
      if (s.kind === 'component' && s.node) nodeProcess = true;
      if (s.kind === 'action' && s.params.action === 'node') nodes.add(s.params.params.name);
      if (s.kind === 'stop') {
        host.delete(s.pane);
        nodes.delete(s.pane);
      }
    }
    const kinds: string[] = [];
    if (host.size) kinds.push(KIND.hostProcess);
    if (host.size === fullest) kinds.push(KIND.hostFullest);
    if (nodes.size) kinds.push(nodes.size === 1 ? KIND.node : KIND.nodes(nodes.size));
    if (nodes.size && nodeProcess) kinds.push(KIND.nodeProcess);
    if (nodes.size && chapter.steps.some(checksPodsRunning)) kinds.push(KIND.containers);
    if (nodes.size && chapter.steps.some(appliesService)) kinds.push(KIND.packetRules);
    const news = kinds.filter((k) => !seen.has(k));
    for (const k of kinds) seen.add(k);
    if (!news.length) return;
    const [kill, then] = nodes.size
      ? NODE_VARIATIONS[nodeTurn++ % NODE_VARIATIONS.length]!
      : HOST_VARIATIONS[hostTurn++ % HOST_VARIATIONS.length]!;
    points.push({ after: chapter.meta.id, at: chapters[i + 1]?.meta.id, news, kill, then });
  });
  return points;
}

/** The host panes running at the end of each chapter. */
function hostRunning(workshop: Workshop): Set<string>[] {
  const host = new Set<string>();
  return workshop.chapters.map((chapter) => {
    for (const s of chapter.steps) {
      if (s.kind === 'component' && !s.node) host.add(s.pane);
      if (s.kind === 'stop') host.delete(s.pane);
    }
    return new Set(host);
  });
}

/** A check that waits for Pods to be Running: containers run on a node. */
function checksPodsRunning(step: Step): boolean {
  return (
    step.kind === 'check' &&
    step.check.target.kind === 'resource' &&
    step.check.target.resource.kind === 'Pod' &&
    step.check.fields['status.phase'] === 'Running'
  );
}

/** An apply of a Service: kube-proxy writes packet rules for it. */
function appliesService(step: Step): boolean {
  return step.kind === 'apply' && /^kind:\s*Service\s*$/m.test(step.body);
}
