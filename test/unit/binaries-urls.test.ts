import { describe, expect, it } from 'vitest';
import { describeNetworkCause, unreachable, httpStatus } from '../../src/cluster/binaries/fetch-errors.js';
import {
  checkMirror,
  mirroredUrl,
  releaseArch,
  releaseArtifacts,
} from '../../src/cluster/binaries/release-urls.js';
import { defaultVersions } from '../../src/cluster/versions.js';

const versions = {
  ...defaultVersions,
  kubernetes: 'v1.37.2',
  etcd: 'v3.6.16',
  containerd: 'v2.3.7',
  runc: 'v1.4.3',
  cni: 'v1.9.1',
  coredns: 'v1.15.0',
  traefik: 'v3.6.12',
};

describe('releaseArtifacts', () => {
  it('builds the official URLs and sum files for amd64', () => {
    const rows = releaseArtifacts(versions, 'amd64').map((a) => [a.url, a.sumUrl, a.sumFormat]);
    expect(rows).toEqual([
      ...[
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kubelet',
        'kube-proxy',
        'kubectl',
      ].map((b) => [
        `https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/${b}`,
        `https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/${b}.sha256`,
        'bare',
      ]),
      [
        'https://github.com/etcd-io/etcd/releases/download/v3.6.16/etcd-v3.6.16-linux-amd64.tar.gz',
        'https://github.com/etcd-io/etcd/releases/download/v3.6.16/SHA256SUMS',
        'sha256sum',
      ],
      [
        'https://github.com/containerd/containerd/releases/download/v2.3.7/containerd-2.3.7-linux-amd64.tar.gz',
        'https://github.com/containerd/containerd/releases/download/v2.3.7/containerd-2.3.7-linux-amd64.tar.gz.sha256sum',
        'sha256sum',
      ],
      [
        'https://github.com/opencontainers/runc/releases/download/v1.4.3/runc.amd64',
        'https://github.com/opencontainers/runc/releases/download/v1.4.3/runc.sha256sum',
        'sha256sum',
      ],
      [
        'https://github.com/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz',
        'https://github.com/containernetworking/plugins/releases/download/v1.9.1/cni-plugins-linux-amd64-v1.9.1.tgz.sha256',
        'sha256sum',
      ],
      [
        'https://github.com/coredns/coredns/releases/download/v1.15.0/coredns_1.15.0_linux_amd64.tgz',
        'https://github.com/coredns/coredns/releases/download/v1.15.0/coredns_1.15.0_linux_amd64.tgz.sha256',
        'sha256sum',
      ],
      [
        'https://github.com/traefik/traefik/releases/download/v3.6.12/traefik_v3.6.12_linux_amd64.tar.gz',
        'https://github.com/traefik/traefik/releases/download/v3.6.12/traefik_v3.6.12_checksums.txt',
        'sha256sum',
      ],
    ]);
  });

  it('names the archive entries each binary comes from', () => {
    const byProject = Object.fromEntries(
      releaseArtifacts(versions, 'arm64', ['etcd', 'containerd', 'cni', 'coredns', 'traefik']).map((a) => [
        a.project,
        a.installs,
      ]),
    );
    expect(byProject.etcd).toEqual([
      { binary: 'etcd', entry: 'etcd-v3.6.16-linux-arm64/etcd' },
      { binary: 'etcdctl', entry: 'etcd-v3.6.16-linux-arm64/etcdctl' },
      { binary: 'etcdutl', entry: 'etcd-v3.6.16-linux-arm64/etcdutl' },
    ]);
    expect(byProject.containerd?.map((i) => i.entry)).toEqual([
      'bin/containerd',
      'bin/containerd-shim-runc-v2',
      'bin/ctr',
    ]);
    expect(byProject.cni?.map((i) => i.entry)).toEqual(['bridge', 'host-local', 'loopback', 'portmap']);
    // Both put the binary at the archive's top level.
    expect(byProject.coredns).toEqual([{ binary: 'coredns', entry: 'coredns' }]);
    expect(byProject.traefik).toEqual([{ binary: 'traefik', entry: 'traefik' }]);
  });

  it('installs runc.<arch> under the name runc', () => {
    const [runc] = releaseArtifacts(versions, 'arm64', ['runc']);
    expect(runc?.fileName).toBe('runc.arm64');
    expect(runc?.installs).toEqual([{ binary: 'runc' }]);
  });
});

describe('mirrors', () => {
  const official = 'https://github.com/etcd-io/etcd/releases/download/v3.6.16/SHA256SUMS';

  it('replaces only scheme and host, keeping the official path under the mirror path', () => {
    expect(mirroredUrl(official, undefined)).toBe(official);
    expect(mirroredUrl(official, 'http://class.local:8080')).toBe(
      'http://class.local:8080/etcd-io/etcd/releases/download/v3.6.16/SHA256SUMS',
    );
    expect(
      mirroredUrl('https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/kubelet', 'http://10.0.0.5/k8s//'),
    ).toBe('http://10.0.0.5/k8s/release/v1.37.2/bin/linux/amd64/kubelet');
  });

  it('refuses mirrors that are not http(s) URLs, with a sentence', () => {
    expect(checkMirror('http://class.local/')).toBeUndefined();
    expect(checkMirror('class.local')).toMatch(/is not a URL/);
    expect(checkMirror('ftp://class.local/')).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
  });
});

it('maps Node architectures to release names', () => {
  expect(releaseArch('x64')).toBe('amd64');
  expect(releaseArch('arm64')).toBe('arm64');
  expect(releaseArch('riscv64')).toBeUndefined();
});

describe('network error sentences', () => {
  const cause = Object.assign(new Error('getaddrinfo ENOTFOUND dl.k8s.io'), { code: 'ENOTFOUND' });
  const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause });

  it('names the host, the reason and the offline way out', () => {
    const error = unreachable(
      'https://dl.k8s.io/release/v1.37.2/bin/linux/amd64/kubelet',
      fetchFailed,
      false,
    );
    expect(error.failure.message).toBe(
      'could not reach dl.k8s.io: getaddrinfo ENOTFOUND dl.k8s.io; behind a proxy, set HTTPS_PROXY; otherwise use --mirror <url> (a copy of the releases) or --bin-dir <dir> (binaries you have)',
    );
  });

  it('digs the code out of nested causes', () => {
    expect(describeNetworkCause(new TypeError('fetch failed'))).toBe('network error');
    const timeout = Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' });
    expect(describeNetworkCause(Object.assign(new TypeError('fetch failed'), { cause: timeout }))).toBe(
      'UND_ERR_CONNECT_TIMEOUT (Connect Timeout Error)',
    );
  });

  it('explains a 404 differently for upstream and for a mirror', () => {
    expect(httpStatus('https://dl.k8s.io/x', 404, 'Not Found', false).message).toMatch(
      /is that version published\?$/,
    );
    expect(httpStatus('http://m/x', 404, 'Not Found', true).message).toMatch(/^the mirror m answered 404/);
  });
});
