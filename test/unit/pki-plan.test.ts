import { describe, expect, it } from 'vitest';
import {
  apiserverSans,
  classicAdminPlan,
  firstServiceIp,
  InvalidAddressError,
  InvalidPlanError,
  kubeletApiAdminBinding,
  parseCidr,
  perRolePlan,
  validatePlan,
} from '../../src/cluster/pki/index.js';

const identity = { hostname: 'node-1', nodeIp: '192.168.56.10', serviceCidr: '10.0.0.0/24' };

describe('firstServiceIp', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.1'],
    ['10.96.0.0/12', '10.96.0.1'],
    ['172.16.0.0/16', '172.16.0.1'],
    ['0.0.0.0/0', '0.0.0.1'],
    ['192.168.1.252/30', '192.168.1.253'],
  ])('%s -> %s', (cidr, first) => {
    expect(firstServiceIp(cidr)).toBe(first);
  });

  it.each([
    ['10.0.0.0', 'is not an IPv4 CIDR'],
    ['10.0.0/24', 'is not an IPv4 address'],
    ['10.0.0.256/24', '"256" is not a number from 0 to 255'],
    ['10.0.0.01/24', '"01" is not a number'],
    ['10.0.0.0/33', 'prefix longer than 32'],
    ['10.96.0.1/12', 'host bits set (did you mean 10.96.0.0/12?)'],
    ['10.0.0.0/31', 'too small for a service range'],
    ['fd00::/108', 'is IPv6; only IPv4 is supported'],
  ])('rejects %s with a clear message', (cidr, message) => {
    expect(() => firstServiceIp(cidr)).toThrow(InvalidAddressError);
    expect(() => firstServiceIp(cidr)).toThrow(message);
  });

  it('parses network and prefix', () => {
    expect(parseCidr(' 10.96.0.0/12 ')).toEqual({ network: 0x0a600000, prefix: 12 });
  });
});

describe('plans', () => {
  it('puts the serving SANs the API server answers to (its service IP and in-cluster names) on its certificate', () => {
    expect(
      apiserverSans({ ...identity, serviceCidr: '10.96.0.0/12', clusterDomain: 'example.internal' }),
    ).toEqual({
      dns: [
        'localhost',
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.example.internal',
        'node-1',
      ],
      ip: ['127.0.0.1', '192.168.56.10', '10.96.0.1'],
    });
  });

  it('drops duplicate SANs when the node IP is loopback', () => {
    expect(apiserverSans({ ...identity, nodeIp: '127.0.0.1' }).ip).toEqual(['127.0.0.1', '10.0.0.1']);
  });

  it('classic plan: one superuser certificate used as client and server', () => {
    const plan = classicAdminPlan(identity);
    expect(plan.ca.cn).toBe('demystify-ca');
    expect(plan.certs).toHaveLength(1);
    expect(plan.certs[0]).toMatchObject({
      name: 'admin',
      cn: 'admin',
      o: ['system:masters'],
      usages: 'both',
    });
    expect(plan.certs[0]?.sans?.ip).toContain('10.0.0.1');
  });

  it('per-role plan: the identities built-in RBAC expects', () => {
    const plan = perRolePlan({ ...identity, caName: 'lab-ca' });
    const byName = Object.fromEntries(plan.certs.map((c) => [c.name, c]));
    expect(plan.ca.cn).toBe('lab-ca');
    expect(Object.keys(byName)).toEqual([
      'kube-apiserver',
      'kube-apiserver-etcd-client',
      'kube-apiserver-kubelet-client',
      'etcd-server',
      'etcd-peer',
      'kube-controller-manager',
      'kube-scheduler',
      'kubelet',
      'kube-proxy',
      'admin',
    ]);
    expect(byName['kube-apiserver']).toMatchObject({ cn: 'kube-apiserver', usages: 'server' });
    expect(byName['kube-apiserver']?.sans?.dns).toContain('kubernetes.default.svc.cluster.local');
    expect(byName['kube-apiserver-kubelet-client']?.o).toBeUndefined();
    expect(byName['kubelet']).toMatchObject({
      cn: 'system:node:node-1',
      o: ['system:nodes'],
      usages: 'both',
    });
    expect(byName['kubelet']?.sans).toEqual({
      dns: ['localhost', 'node-1'],
      ip: ['127.0.0.1', '192.168.56.10'],
    });
    // etcd's peer port is mutual TLS too: server and client, under the names a member is reached by.
    expect(byName['etcd-peer']).toMatchObject({ cn: 'etcd-peer', usages: 'both' });
    expect(byName['etcd-peer']?.sans?.ip).toContain('127.0.0.1');
    expect(byName['kube-controller-manager']?.cn).toBe('system:kube-controller-manager');
    expect(byName['kube-scheduler']?.cn).toBe('system:kube-scheduler');
    expect(byName['kube-proxy']).toMatchObject({ cn: 'system:kube-proxy', usages: 'client' });
    expect(byName['admin']).toMatchObject({ cn: 'admin', o: ['system:masters'], usages: 'client' });
  });

  it('per-role options: a system:masters kubelet client', () => {
    const plan = perRolePlan({ ...identity, kubeletClientAsMaster: true });
    expect(plan.certs.find((c) => c.name === 'kube-apiserver-kubelet-client')?.o).toEqual(['system:masters']);
  });

  it('the kubelet-api-admin binding names the kubelet client CN', () => {
    const binding = kubeletApiAdminBinding();
    expect(binding.roleRef.name).toBe('system:kubelet-api-admin');
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kube-apiserver-kubelet-client' },
    ]);
  });

  it('rejects bad identities and plans with named errors', () => {
    expect(() => perRolePlan({ ...identity, hostname: 'bad_host' })).toThrow(/hostname "bad_host"/);
    expect(() => perRolePlan({ ...identity, nodeIp: '300.1.1.1' })).toThrow(InvalidAddressError);
    const cert = { name: 'a', cn: 'a', usages: 'client' } as const;
    expect(() => validatePlan({ ca: {}, certs: [cert, cert] })).toThrow(InvalidPlanError);
    expect(() => validatePlan({ ca: {}, certs: [{ ...cert, name: 'ca' }] })).toThrow('"ca" is reserved');
    expect(() => validatePlan({ ca: {}, certs: [{ ...cert, name: '../x' }] })).toThrow('plain file stem');
    expect(() => validatePlan({ ca: {}, certs: [{ ...cert, sans: { ip: ['localhost'] } }] })).toThrow(
      InvalidAddressError,
    );
    expect(() => validatePlan({ ca: {}, certs: [{ ...cert, days: 0 }] })).toThrow('at least one day');
  });
});
