// One test per lint rule of the lesson format: each mistake is reported with
// file:line:col and a sentence that says how to fix it.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/lesson/issues.js';
import { parseWorkshop } from '../../src/lesson/workshop.js';
import { lintCommand } from '../../src/commands/lint.js';

const FM = '---\nid: demo\ntitle: Demo\n---\n';
/** Problems of a one-chapter workshop (cross-chapter rules run too), as lint prints them. */
const lint = (body: string, front = FM): string[] =>
  parseWorkshop('.', [{ file: 'demo.md', text: front + body }]).issues.map(formatIssue);

describe('lint rules', () => {
  it('a hold as long as the check timeout can never pass', () => {
    expect(lint(['```yaml {check timeout=10s}', 'command: "true"', 'hold: 10s', '```'].join('\n'))).toEqual([
      "demo.md:7:1: hold (10 s) is not shorter than this check's timeout (10 s), so the check could never pass: give the fence a longer timeout, e.g. ```yaml {check timeout=2m}",
    ]);
    // The default timeout (1 minute) counts too.
    expect(lint(['```yaml {check}', 'command: "true"', 'hold: 2m', '```'].join('\n'))[0]).toMatch(
      /^demo\.md:7:1: hold \(2 min\) is not shorter than this check's timeout \(1 min, the default\)/,
    );
    expect(lint(['```yaml {check timeout=20s}', 'command: "true"', 'hold: 10s', '```'].join('\n'))).toEqual(
      [],
    );
  });

  it('a malformed field path, at the character where it goes wrong', () => {
    const body = [
      '```yaml {check}',
      'resource: {apiVersion: v1, kind: Pod, selector: app=web}',
      'fields:',
      '  status.conditions[: "True"',
      '```',
    ].join('\n');
    expect(lint(body)).toEqual([
      'demo.md:8:20: the field path "status.conditions[" is not valid at character 18: "[" without "]"; a path is dotted names with [0] (an index), [type=Ready] (the element whose type is Ready) or ["a.b"] (a key with dots), e.g. status.conditions[type=Ready].status',
    ]);
    const block = ['```yaml {check}', 'resource: {apiVersion: v1, kind: Pod, name: web}', 'fields:'];
    expect(lint([...block, '  status..phase: Running', '```'].join('\n'))[0]).toMatch(
      /^demo\.md:8:9: the field path "status\.\.phase" is not valid at character 7: a dot needs a name after it/,
    );
    expect(
      lint(
        [
          ...block,
          '  status.conditions[type=Ready].status: "True"',
          '  spec.containers[0].image: x',
          '```',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('a component: that no step starts', () => {
    const body = [
      '```sh {pane=ticker}',
      'sleep 100',
      '```',
      '```yaml {check}',
      'command: "true"',
      'component: tikcer',
      '```',
    ].join('\n');
    expect(lint(body)).toEqual([
      'demo.md:10:1: component: tikcer names no pane an earlier step starts, so it has no log to show: use one of shell, ticker, or drop component:',
    ]);
    expect(lint(body.replace('tikcer', 'ticker'))).toEqual([]);
  });

  it('a teardown: script that is not in the assets folder', async () => {
    const lines: string[] = [];
    expect(await lintCommand(['test/fixtures/lint-rules/lessons'], (s) => lines.push(s))).toBe(2);
    expect(lines[0]).toMatch(
      /^test\/fixtures\/lint-rules\/lessons\/01-teardown\.md:4:1: teardown: gone\.sh is not a file in the assets folder .*test\/fixtures\/lint-rules\/assets \(it has present\.sh\): add the script there, or fix the name$/,
    );
  });

  it('an unknown ${VAR} inside an attribute, and one in an attribute that is never substituted', () => {
    const front = '---\nid: demo\ntitle: Demo\nvars: {PORT_FILE: port}\n---\n';
    expect(lint(['```ini {file=configs/${NAME}.ini}', 'a = 1', '```'].join('\n'), front)).toEqual([
      'demo.md:6:22: unknown variable ${NAME}: define it under vars: in the front matter, or use one of WORKSPACE, ASSETS, LESSONS, KUBECONFIG, HOSTNAME, NODE_NAME, NODE_IP, NODE_NETWORK, HOST_IP, SERVICE_CIDR, POD_CIDR, CLUSTER_CIDR, NODE0_NAME, NODE0_IP, NODE0_POD_CIDR, NODE1_NAME, NODE1_IP, NODE1_POD_CIDR, CLUSTER_DOMAIN, K8S_VERSION, ETCD_VERSION, CONTAINERD_VERSION, RUNC_VERSION, CNI_VERSION, CNI_BIN_DIR, BIN_PATH',
    ]);
    expect(lint(['```sh {pane=a ready="log:${MISSING} up"}', 'x', '```'].join('\n'), front)[0]).toMatch(
      /^demo\.md:6:26: unknown variable \$\{MISSING\}/,
    );
    expect(lint(['```sh {pane=a id=${PORT_FILE}}', 'x', '```'].join('\n'), front)).toEqual([
      'demo.md:6:15: an id is lowercase letters, digits and "-"',
      'demo.md:6:18: variables are not replaced in id=, only in file=, ready=, ca=, cert=, key=: write the value out',
    ]);
    expect(
      lint(['```ini {file=configs/${PORT_FILE}.ini}', 'a = ${WORKSPACE}', '```'].join('\n'), front),
    ).toEqual([]);
  });

  it('vars: may not take a built-in name, and build only on built-in variables', () => {
    const front =
      '---\nid: demo\ntitle: Demo\nvars: {WORKSPACE: x, DATA: "${WORKSPACE}/d", BAD: "${DATA}/x"}\n---\n';
    expect(lint('', front)).toEqual([
      'demo.md:4:8: WORKSPACE is a built-in variable, set by demystify: give yours another name',
      'demo.md:4:46: the value of BAD uses ${DATA}, which is not a built-in variable: write the value out',
    ]);
  });

  it('two kubeconfig actions that name different folders', () => {
    const kc = (dir: string): string => ['```yaml {action=kubeconfig}', `dir: ${dir}`, '```'].join('\n');
    expect(lint(`${kc('kc')}\n${kc('other')}`)).toEqual([
      "demo.md:8:1: the admin kubeconfig goes to dir: other here but to dir: kc at demo.md:5; the workshop's checks use one folder: use dir: kc in both",
    ]);
  });

  it("a node's own certificate and kubeconfig: parameters that go together, and the CA and certificate they need", () => {
    const block = (action: string, ...lines: string[]): string =>
      ['```yaml {action=' + action + '}', ...lines, '```'].join('\n');
    const perRole = block('pki', 'plan: per-role', 'dir: pki');
    const nodePki = block('pki', 'plan: node', 'node: node-1', 'dir: pki');
    const nodeKc = block('kubeconfig', 'node: node-1', 'pki: pki');
    expect(lint([perRole, nodePki, nodeKc].join('\n'))).toEqual([]);
    expect(lint(block('pki', 'plan: node'))).toEqual([
      "demo.md:6:1: plan: node issues one node's kubelet certificate: name it, e.g. node: node-1",
    ]);
    expect(lint(block('pki', 'plan: per-role', 'node: node-1'))).toEqual([
      "demo.md:7:1: node: goes with plan: node (a node's own kubelet certificate)",
    ]);
    expect(lint(block('pki', 'plan: node', 'node: worker'))).toEqual([
      "demo.md:7:1: node is the node's name, node-0 to node-9",
    ]);
    expect(lint(block('kubeconfig', 'credentials: classic', 'node: node-1'))).toEqual([
      "demo.md:7:1: node: writes a node's kubeconfig with its own certificate, which credentials: classic does not have",
    ]);
    // Signed with the CA an earlier pki step made, in that folder.
    expect(lint(nodePki)).toEqual([
      'demo.md:5:1: plan: node signs with the CA in dir: pki, and no earlier pki step makes one there: put a per-role pki step first',
    ]);
    expect(lint([block('pki', 'plan: per-role', 'dir: certs'), nodePki].join('\n'))).toEqual([
      'demo.md:9:1: plan: node signs with the CA in dir: pki, and no earlier pki step makes one there: use dir: certs',
    ]);
    // The kubeconfig carries the node's certificate: issued earlier, in its pki folder.
    expect(lint([perRole, nodeKc].join('\n'))).toEqual([
      'demo.md:9:1: the kubeconfig of node-1 carries its own certificate, and no earlier pki step issues it in pki/: put a pki step with plan: node, node: node-1, dir: pki first',
    ]);
    // A node's kubeconfig writes no admin kubeconfig: its folder is its own.
    expect(
      lint(
        [
          perRole,
          nodePki,
          block('kubeconfig', 'dir: kc'),
          block('kubeconfig', 'node: node-1', 'dir: nodes'),
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('insecure-skip-tls-verify: only on https probes without ca=, and on checks through the kubeconfig', () => {
    expect(
      lint(['```sh {pane=a ready=tcp:127.0.0.1:1 insecure-skip-tls-verify}', 'x', '```'].join('\n')),
    ).toEqual(['demo.md:5:37: "insecure-skip-tls-verify" only applies to an https:// readiness probe']);
    expect(
      lint(
        ['```sh {pane=a ready=https://127.0.0.1:1/ ca=ca.pem insecure-skip-tls-verify}', 'x', '```'].join(
          '\n',
        ),
      ),
    ).toEqual([
      'demo.md:5:52: ca= and insecure-skip-tls-verify contradict each other: keep ca= to verify the server',
    ]);
    expect(
      lint(['```yaml {check}', 'etcd: health', 'insecure-skip-tls-verify: true', '```'].join('\n')),
    ).toEqual([
      'demo.md:7:1: insecure-skip-tls-verify applies to resource, api, node checks (through the admin kubeconfig); remove it here',
    ]);
    expect(
      lint(['```yaml {check}', 'api: readyz', 'insecure-skip-tls-verify: true', '```'].join('\n')),
    ).toEqual([]);
  });
});
