// The rows of the command table (command-table.ts) that read the API
// server's audit log: `demystify wire` and `demystify explain`. Both work from
// the workspace's audit log alone, so also after `demystify test` has ended.
import type { CommandSpec } from './command-spec.js';

export const WIRE_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'wire',
    summary:
      "what passes between the components: one line per request, from the API server's audit log in the workspace",
    options: [
      { flags: '--since <duration>', description: 'only requests of the last 30s, 5m, 1h...' },
      { flags: '-f, --follow', description: 'keep printing requests as they come (Ctrl-C ends)' },
      {
        flags: '--all',
        description: "also reads, lease renewals, events and demystify's own requests (hidden by default)",
      },
      {
        flags: '--who <component...>',
        description:
          'only these components: scheduler, kubelet, "kubelet node-1", replicaset-controller, you...',
      },
      {
        flags: '--object <kind/name>',
        description: 'only requests about this object (deployment/web, pod/web-*, pods)',
      },
      { flags: '-n, --namespace <ns>', description: 'with --object: in this namespace' },
    ],
    run: async ({ opts, flags, write }) => {
      const { wireCommand } = await import('./wire.js');
      return wireCommand(
        await flags(),
        {
          since: opts.since as string | undefined,
          follow: opts.follow as boolean | undefined,
          all: opts.all as boolean | undefined,
          who: opts.who as string[] | undefined,
          object: opts.object as string | undefined,
          namespace: opts.namespace as string | undefined,
        },
        write,
      );
    },
  },
  {
    name: 'explain',
    summary: 'the story of one object from the audit log: who created it, who changed it, and what it caused',
    args: [
      {
        name: 'kind/name',
        required: true,
        description: 'for example deployment/web or pod/web-6f9c7d5b8-abcde',
      },
    ],
    options: [
      {
        flags: '-n, --namespace <ns>',
        description: 'the namespace (default: default, or none for nodes and other cluster-wide kinds)',
      },
    ],
    run: async ({ args, opts, flags, write }) => {
      const { explainCommand } = await import('./explain.js');
      return explainCommand(
        await flags(),
        args[0] as string,
        opts.namespace as string | undefined,
        write,
        (s) => void process.stderr.write(`${s}\n`),
      );
    },
  },
];
