// Lint rules about root and nodes, across a workshop: every step that needs
// root sits in a chapter that says so (its `root:` is what the password
// prompt shows), and every step on a node comes after the step that makes
// that node.
import { issue, type LessonIssue } from './issues.js';
import type { Chapter, Step } from './model.js';
import { privilegedPodReason } from './privileged-pods.js';

/** The node a step runs on, or "root" for root on the host; undefined for a step of the learner's. */
export function rootNeed(
  step: Step,
): { readonly node: string | undefined; readonly what: string } | undefined {
  switch (step.kind) {
    case 'shell':
      return step.node ? { node: step.node, what: `it runs in ${step.node}'s root shell` } : undefined;
    case 'component':
      return step.node ? { node: step.node, what: `it starts ${step.pane} on ${step.node}` } : undefined;
    case 'action':
      return step.params.action === 'node'
        ? { node: undefined, what: `it makes ${step.params.params.name}` }
        : undefined;
    case 'check':
      return step.check.target.kind === 'command' && step.check.target.on
        ? { node: step.check.target.on, what: `its command runs on ${step.check.target.on}` }
        : undefined;
    case 'question':
    case 'predict':
      return step.on ? { node: step.on, what: `its commands run on ${step.on}` } : undefined;
    case 'apply': {
      // No password is asked for, but the Pod is root on its node: the chapter says so like any other.
      const what = privilegedPodReason(step.body);
      return what ? { node: undefined, what } : undefined;
    }
    default:
      return undefined;
  }
}

export function rootIssues(chapters: readonly Chapter[]): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const nodes = new Set<string>();
  for (const ch of chapters) {
    for (const step of ch.steps) {
      const need = rootNeed(step);
      const at = (message: string): void =>
        void issues.push(issue(ch.file, step.pos.line, step.pos.column, message));
      if (need && !ch.meta.needsRoot)
        at(
          `this step needs root (${need.what}): say why in the chapter's front matter, e.g. root: the kubelet mounts volumes`,
        );
      if (need?.node && !nodes.has(need.node))
        at(
          `${need.node} does not exist yet here: make it first with a \`\`\`yaml {action=node} step (name: ${need.node})`,
        );
      if (step.kind === 'action' && step.params.action === 'node') nodes.add(step.params.params.name);
      if (step.kind === 'stop') nodes.delete(step.pane);
    }
  }
  return issues;
}
