// The environment of everything that runs on a node (its root shell, its
// components, checks with `on:`): the workshop's variables with the node's
// own name, address and Pod range, and the node's own credentials instead of
// the admin kubeconfig the learner's shell has.
import { describe, expect, it } from 'vitest';
import type { RootSession } from '../../src/host/root-session.js';
import { nodePlan } from '../../src/host/plan.js';
import { NodeRoom } from '../../src/engine/nodes.js';
import type { Supervisor } from '../../src/terminal/types.js';

const room = (): NodeRoom =>
  new NodeRoom({
    // Only nodePlan is used by env(); the rest of the session is never reached.
    root: { nodePlan: (name: string) => nodePlan('abcdef', name) } as unknown as RootSession,
    supervisor: {} as Supervisor,
    vars: {
      WORKSPACE: '/ws',
      KUBECONFIG: '/ws/kubeconfigs/admin.kubeconfig',
      NODE0_NAME: 'node-0',
      NODE_NAME: 'node-0',
      NODE_IP: '10.240.0.10',
      BIN_PATH: '/bin-dir',
    },
    rcDir: '/state',
    workspace: '/ws',
  });

describe('a node environment', () => {
  it("names the node's own kubelet kubeconfig, never the admin one", () => {
    const env0 = room().env('node-0');
    expect(env0.KUBECONFIG).toBe('/ws/kubeconfigs/kubelet.kubeconfig');
    expect(env0).toMatchObject({ NODE_NAME: 'node-0', NODE_IP: '10.240.0.10', POD_CIDR: '10.200.0.0/24' });
    const env1 = room().env('node-1');
    expect(env1.KUBECONFIG).toBe('/ws/kubeconfigs/kubelet-node-1.kubeconfig');
    expect(env1).toMatchObject({ NODE_NAME: 'node-1', NODE_IP: '10.240.0.11', POD_CIDR: '10.200.1.0/24' });
    for (const env of [env0, env1])
      expect(Object.values(env)).not.toContain('/ws/kubeconfigs/admin.kubeconfig');
  });

  it('puts the workshop binaries first on PATH and keeps HOME on the node', () => {
    const env = room().env('node-0');
    expect(env.PATH?.split(':')[0]).toBe('/bin-dir');
    expect(env.HOME).toBe('/run/root');
  });
});
