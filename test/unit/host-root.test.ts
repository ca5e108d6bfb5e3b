// The pure parts of root and nodes: names and addresses, how root is reached,
// what sudo is asked, what a dead session's journal says, the password
// screen, and the lint rules about root.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectJournal, writeJournal } from '../../src/host/journal.js';
import { networkPlan, nodePlan, sessionTag } from '../../src/host/plan.js';
import { detectRootAccess, type AccessProbes } from '../../src/host/root-access.js';
import { launchFor } from '../../src/host/root-helper.js';
import { parseWorkshop } from '../../src/lesson/workshop.js';

describe('plans', () => {
  it('names interfaces and cgroups per user and state folder, addresses per node', () => {
    const a = sessionTag(1000, '/home/a/.local/state/demystify');
    const b = sessionTag(1001, '/home/b/.local/state/demystify');
    expect(a).toMatch(/^[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
    expect(networkPlan(a)).toMatchObject({
      hostLink: `dmy${a}`,
      cidr: '10.240.0.0/24',
      hostIp: '10.240.0.1',
    });
    expect(networkPlan(a).hostLink.length).toBeLessThanOrEqual(15);
    expect(nodePlan(a, 'node-0')).toMatchObject({
      ip: '10.240.0.10',
      podCidr: '10.200.0.0/24',
      cgroup: `demystify-${a}/node-0`,
    });
    expect(nodePlan(a, 'node-1')).toMatchObject({ ip: '10.240.0.11', podCidr: '10.200.1.0/24' });
    expect(() => nodePlan(a, 'worker')).toThrow(/node-0 to node-9/);
  });
});

const probes = (
  uid: number,
  sudo: Awaited<ReturnType<AccessProbes['sudo']>>,
  env: NodeJS.ProcessEnv = {},
): AccessProbes => ({
  uid: () => uid,
  env,
  sudo: async () => sudo,
});

describe('how root is reached', () => {
  it('tells root, passwordless sudo, askpass, a password, and no way apart', async () => {
    expect(await detectRootAccess(probes(0, 'ENOENT'))).toEqual({ kind: 'root' });
    expect(await detectRootAccess(probes(1000, { code: 0, stderr: '' }))).toEqual({ kind: 'sudo-nopasswd' });
    const wants = { code: 1, stderr: 'sudo: a password is required\n' };
    expect(await detectRootAccess(probes(1000, wants))).toEqual({ kind: 'sudo-password' });
    expect(await detectRootAccess(probes(1000, wants, { SUDO_ASKPASS: '/usr/bin/ssh-askpass' }))).toEqual({
      kind: 'sudo-askpass',
      program: '/usr/bin/ssh-askpass',
    });
    expect(await detectRootAccess(probes(1000, 'ENOENT'))).toMatchObject({
      kind: 'none',
      reason: /not installed/,
    });
  });

  it('asks sudo for the helper the right way, the password never on the command line', () => {
    const cmd = ['/usr/bin/node', '/app/dist/host/helper-main.js', '1000', '/s/run/api.sock'];
    expect(launchFor({ kind: 'root' }, cmd)).toEqual({ file: '/usr/bin/node', args: cmd.slice(1) });
    expect(launchFor({ kind: 'sudo-nopasswd' }, cmd).args.slice(0, 2)).toEqual(['-n', '--']);
    expect(launchFor({ kind: 'sudo-askpass', program: 'x' }, cmd).args.slice(0, 2)).toEqual(['-A', '--']);
    const withPassword = launchFor({ kind: 'sudo-password' }, cmd);
    expect(withPassword.args[0]).toBe('-S');
    expect(withPassword.args.slice(-4)).toEqual(cmd);
    expect(() => launchFor({ kind: 'none', reason: 'no sudo' }, cmd)).toThrow('no sudo');
  });
});

describe('the journal of a dead session', () => {
  it('is nothing when nothing of it is left, and names what is left otherwise', async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-journal-'));
    const cgroups = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-cgroups-'));
    // Written by "another" demystify that no longer runs.
    await writeJournal(state, { tag: 'abc123', hostLink: 'dmyabc123' });
    const file = path.join(state, 'host-session.json');
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as { owner: { pid: number; startTime: string } };
    j.owner = { pid: 999_999_999, startTime: '1' };
    fs.writeFileSync(file, JSON.stringify(j));
    expect(inspectJournal(state, cgroups)).toEqual({ kind: 'none' });
    expect(fs.existsSync(file)).toBe(false);
    // Again, with a node's cgroup folder left in one hierarchy.
    await writeJournal(state, { tag: 'abc123', hostLink: 'dmyabc123' });
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), owner: j.owner }));
    fs.mkdirSync(path.join(cgroups, 'memory', 'demystify-abc123', 'node-0'), { recursive: true });
    fs.writeFileSync(path.join(cgroups, 'memory', 'demystify-abc123', 'cgroup.procs'), '');
    const state2 = inspectJournal(state, cgroups);
    expect(state2).toMatchObject({
      kind: 'leftovers',
      leftovers: { cgroups: [path.join(cgroups, 'memory', 'demystify-abc123')] },
    });
  });

  it('is set aside, with a sentence, when it is not in the shape demystify writes', async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-journal-'));
    const file = path.join(state, 'host-session.json');
    // A tag that climbs out of the cgroup tree, and a host link that is not ours.
    await writeJournal(state, { tag: 'abc123', hostLink: 'dmyabc123' });
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...j,
        tag: '../../etc',
        hostLink: 'eth0',
        owner: { pid: 999_999_999, startTime: '1' },
      }),
    );
    const seen = inspectJournal(state);
    expect(seen.kind).toBe('none');
    expect(seen.kind === 'none' && seen.setAside).toMatch(
      /^the record of an earlier session was not in the shape demystify writes \(tag: .*\): it is kept as .*host-session\.json\.unreadable-\d+, and nothing was removed or stopped on its word$/,
    );
    expect(fs.existsSync(file)).toBe(false);
    // Not JSON at all: the same.
    fs.writeFileSync(file, '{"version":1,');
    const again = inspectJournal(state);
    expect(again.kind === 'none' && again.setAside).toMatch(/not JSON/);
  });

  it('is "live" while the demystify that wrote it runs', async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-journal-'));
    await writeJournal(state, { tag: 'abc123', hostLink: 'dmyabc123' });
    const file = path.join(state, 'host-session.json');
    // Our parent (vitest's runner) stands in for the other demystify.
    const parent = process.ppid;
    const startTime = fs.readFileSync(`/proc/${parent}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
    fs.writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), owner: { pid: parent, startTime } }),
    );
    expect(inspectJournal(state)).toEqual({ kind: 'live', pid: parent });
  });
});

describe('lint rules about root and nodes', () => {
  const chapter = (root: string, body: string): { file: string; text: string } => ({
    file: 'ch.md',
    text: `---\nid: ch\ntitle: Ch\n${root}---\n\n${body}`,
  });

  it('wants `root:` where a step needs root, and the node made before it is used', () => {
    const noRoot = parseWorkshop('.', [chapter('', '```yaml {action=node}\nname: node-0\n```\n')]);
    expect(noRoot.issues.map((i) => i.message).join('\n')).toMatch(
      /this step needs root \(it makes node-0\)/,
    );
    const noNode = parseWorkshop('.', [
      chapter('root: it runs containerd\n', '```sh {node=node-1}\nhostname\n```\n'),
    ]);
    expect(noNode.issues.map((i) => `${i.pos.line}: ${i.message}`).join('\n')).toMatch(
      /^7: node-1 does not exist yet here/m,
    );
    const fine = parseWorkshop('.', [
      chapter(
        'root: it runs containerd\n',
        '```yaml {action=node}\nname: node-0\n```\n\n```sh {node=node-0}\nhostname\n```\n',
      ),
    ]);
    expect(fine.issues).toEqual([]);
    expect(fine.workshop.chapters[0]?.meta.rootReason).toBe('it runs containerd');
  });

  it('counts an {apply} of a privileged Pod or a hostPath volume as needing root', () => {
    const pod = [
      '```yaml {apply}',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: debug}',
      'spec:',
      '  containers:',
      '    - {name: shell, image: busybox, securityContext: {privileged: true}}',
      '```',
      '',
    ].join('\n');
    const deployment = [
      '```yaml {apply}',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: plain}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: logs}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: tail, image: busybox}]',
      '      volumes: [{name: varlog, hostPath: {path: /var/log}}]',
      '```',
      '',
    ].join('\n');
    const messages = (body: string, root = ''): string[] =>
      parseWorkshop('.', [chapter(root, body)]).issues.map((i) => `${i.pos.line}: ${i.message}`);
    expect(messages(pod)).toEqual([
      "6: this step needs root (it applies Pod debug, whose container shell is privileged (root on its node)): say why in the chapter's front matter, e.g. root: the kubelet mounts volumes",
    ]);
    expect(messages(deployment)[0]).toMatch(
      /^6: this step needs root \(it applies Deployment logs, whose volume varlog is a hostPath/,
    );
    expect(messages(pod, 'root: the debug Pod is privileged\n')).toEqual([]);
    // An ordinary Pod needs nothing.
    expect(
      messages(pod.replace('securityContext: {privileged: true}', 'securityContext: {privileged: false}')),
    ).toEqual([]);
  });
});
