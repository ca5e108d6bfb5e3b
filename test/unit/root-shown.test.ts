// What runs as root is shown as such: a step or check on a node carries its
// command and "on node-0, as root" in its label (what `demystify test`
// prints and the notes show) and in the controller's state (what the UI
// draws), and lessons from outside demystify are named with every reason for
// root, before their first root step.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionOptions } from '../../src/commands/command-session.js';
import { packageRoot, resolveFlags } from '../../src/commands/options.js';
import { formatStepLine } from '../../src/engine/headless.js';
import { rootWhy } from '../../src/engine/root-reason.js';
import { rootUse } from '../../src/engine/root-use.js';
import { stepLabel } from '../../src/engine/step-status.js';
import { parseWorkshop } from '../../src/lesson/workshop.js';

const lesson = [
  '---',
  'id: node',
  'title: A node',
  'root: the kubelet mounts volumes',
  '---',
  '',
  '```yaml {action=node}',
  'name: node-0',
  '```',
  '',
  '```yaml {check}',
  'command: crictl --runtime-endpoint unix:///run/containerd/containerd.sock ps | grep -q kube-proxy',
  'on: node-0',
  'waiting: kube-proxy to run',
  '```',
  '',
  '```sh {node=node-0}',
  'iptables-save | head',
  '```',
  '',
  '```sh {pane=kubelet node=node-0}',
  'kubelet --config "$WORKSPACE/configs/kubelet.yaml"',
  '```',
  '',
  '```sh',
  'kubectl get nodes',
  '```',
  '',
].join('\n');
const { workshop, issues } = parseWorkshop('.', [{ file: 'node.md', text: lesson }]);
const [make, check, shell, kubelet, own] = workshop.chapters[0]!.steps;

describe('a step that runs as root', () => {
  it("shows its command and where it runs as root, not only the author's sentence", () => {
    expect(issues).toEqual([]);
    expect(stepLabel(check!)).toBe(
      'check on node-0, as root: crictl --runtime-endpoint unix:///run/containerd/containerd.sock ps | grep -q kube-proxy',
    );
    expect(rootUse(check)).toEqual({
      node: 'node-0',
      command: 'crictl --runtime-endpoint unix:///run/containerd/containerd.sock ps | grep -q kube-proxy',
      says: 'on node-0, as root',
    });
    expect(stepLabel(shell!)).toBe('on node-0, as root: iptables-save | head');
    expect(stepLabel(kubelet!)).toBe(
      'start kubelet on node-0, as root: kubelet --config "$WORKSPACE/configs/kubelet.yaml"',
    );
    expect(stepLabel(make!)).toBe(
      'node (built-in): makes node-0 as root: namespaces, a cgroup and a network of its own',
    );
    // The learner's own steps say nothing of root.
    expect(rootUse(own)).toBeUndefined();
    expect(stepLabel(own!)).toBe('kubectl get nodes');
    // As `demystify test` prints it, pass or fail.
    const line = formatStepLine(
      check!.id,
      stepLabel(check!),
      { kind: 'failed', reason: 'no', ms: 1 },
      (_c, s) => s,
    );
    expect(line).toContain('check on node-0, as root: crictl');
  });
});

describe('lessons from outside demystify', () => {
  it("are named with the reason for root; demystify's own are not", () => {
    const chapter = workshop.chapters[0]!;
    expect(rootWhy(chapter)).toBe('A node needs root: the kubelet mounts volumes');
    expect(rootWhy(chapter, '/home/ada/Downloads/workshop')).toBe(
      'A node needs root: the kubelet mounts volumes. These lessons are from /home/ada/Downloads/workshop, not the ones demystify ships: what their steps run as root is their author\'s choice (each such step shows its command and "as root")',
    );
    const shipped = sessionOptions(resolveFlags({}, {}), '/ws', workshop);
    expect(shipped.lessonsOrigin).toBeUndefined();
    const elsewhere = sessionOptions(
      resolveFlags({ lessons: '/home/ada/Downloads/workshop' }, {}),
      '/ws',
      workshop,
    );
    expect(elsewhere.lessonsOrigin).toBe('/home/ada/Downloads/workshop');
    expect(path.join(packageRoot, 'lessons')).toBe(path.resolve('lessons'));
  });
});
