// What a step runs as root, said where the step is shown: the node it runs
// on and the command itself, never only the author's sentence about it. The
// step label (headless output, notes) and the controller's state (the UI)
// both take it from here.
import type { Step } from '../lesson/model.js';
import { commandLine } from './component-step.js';

export interface RootUse {
  /** The node the step acts on as root. */
  readonly node: string;
  /** The command that runs as root there, as the step will run it; undefined for making the node, and for a question's (it would give the answer away). */
  readonly command: string | undefined;
  /** "on node-0, as root", or what making the node does as root. */
  readonly says: string;
}

export function rootUse(step: Step | undefined): RootUse | undefined {
  if (!step) return undefined;
  const on = (node: string, command: string): RootUse => ({ node, command, says: `on ${node}, as root` });
  switch (step.kind) {
    case 'shell':
      return step.node ? on(step.node, step.body.trimEnd()) : undefined;
    case 'component':
      return step.node ? on(step.node, commandLine(step.body)) : undefined;
    case 'check':
      return step.check.target.kind === 'command' && step.check.target.on
        ? on(step.check.target.on, step.check.target.command.trim())
        : undefined;
    // Their commands stay unshown (they would give the answer away); where and as whom they run does not.
    case 'question':
      return step.on
        ? { node: step.on, command: undefined, says: `its answer is read on ${step.on}, as root` }
        : undefined;
    case 'predict':
      return step.on
        ? { node: step.on, command: undefined, says: `its outcome is measured on ${step.on}, as root` }
        : undefined;
    case 'action':
      return step.params.action === 'node'
        ? {
            node: step.params.params.name,
            command: undefined,
            says: `makes ${step.params.params.name} as root: namespaces, a cgroup and a network of its own`,
          }
        : undefined;
    default:
      return undefined;
  }
}
