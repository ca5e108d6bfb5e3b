// The flags of a throwaway etcd + kube-apiserver pair on loopback, shared by
// every test that starts the real control plane (however it supervises it).
import type { TestPki } from './test-pki.js';

export interface EtcdArgs {
  readonly name: string;
  readonly dataDir: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly pki: TestPki;
}

export function etcdArgs(o: EtcdArgs): string[] {
  const client = `https://127.0.0.1:${o.clientPort}`;
  const peer = `http://127.0.0.1:${o.peerPort}`;
  return [
    `--name=${o.name}`,
    `--data-dir=${o.dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${o.name}=${peer}`,
    `--cert-file=${o.pki.serverCert}`,
    `--key-file=${o.pki.serverKey}`,
    `--trusted-ca-file=${o.pki.caCert}`,
    '--client-cert-auth',
  ];
}

export function apiserverArgs(o: {
  etcdPort: number;
  securePort: number;
  pki: TestPki;
  certDir?: string;
}): string[] {
  const { pki } = o;
  return [
    `--etcd-servers=https://127.0.0.1:${o.etcdPort}`,
    `--etcd-cafile=${pki.caCert}`,
    `--etcd-certfile=${pki.serverCert}`,
    `--etcd-keyfile=${pki.serverKey}`,
    `--secure-port=${o.securePort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // 1.37 refuses a loopback advertise address ("may not be in the loopback
    // range") unless nothing reconciles the kubernetes Service's endpoints.
    '--endpoint-reconciler-type=none',
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    '--service-cluster-ip-range=10.32.0.0/24',
    '--authorization-mode=Node,RBAC',
    ...(o.certDir ? [`--cert-dir=${o.certDir}`] : []),
  ];
}
