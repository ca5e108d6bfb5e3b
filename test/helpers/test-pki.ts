// A throwaway PKI for integration tests, made with the openssl CLI so the
// tests do not depend on the product's own PKI code: one CA, one serving
// certificate for etcd and kube-apiserver (also the apiserver's etcd client
// certificate), an admin client (CN=admin, O=system:masters) and a
// service-account signing key. ECDSA P-256: fast to make, accepted by both.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  readonly saKey: string;
  readonly saPub: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString() || e.message}`, { cause: err });
  }
}

const newKey = (file: string, cwd: string): void =>
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], cwd);

function issue(cwd: string, name: string, subject: string, ext: string): void {
  newKey(`${name}-key.pem`, cwd);
  openssl(['req', '-new', '-key', `${name}-key.pem`, '-subj', subject, '-out', `${name}.csr`], cwd);
  fs.writeFileSync(path.join(cwd, `${name}.ext`), ext);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ],
    cwd,
  );
}

export function makeTestPki(dir: string): TestPki {
  fs.mkdirSync(dir, { recursive: true });
  newKey('ca-key.pem', dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca-key.pem',
      '-subj',
      '/CN=demystify-test-ca',
      '-days',
      '2',
      '-out',
      'ca.pem',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ],
    dir,
  );
  const leaf = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n';
  issue(
    dir,
    'server',
    '/CN=kubernetes',
    `${leaf}extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.32.0.1,DNS:kubernetes.default\n`,
  );
  issue(dir, 'admin', '/O=system:masters/CN=admin', `${leaf}extendedKeyUsage=clientAuth\n`);
  newKey('sa-key.pem', dir);
  openssl(['pkey', '-in', 'sa-key.pem', '-pubout', '-out', 'sa.pub'], dir);
  const p = (f: string): string => path.join(dir, f);
  return {
    dir,
    caCert: p('ca.pem'),
    caKey: p('ca-key.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server-key.pem'),
    adminCert: p('admin.pem'),
    adminKey: p('admin-key.pem'),
    saKey: p('sa-key.pem'),
    saPub: p('sa.pub'),
  };
}

/**
 * One more client certificate from the test CA: CN is the user, each O a
 * group (system:kube-scheduler, system:node:node-0 in system:nodes...).
 */
export function issueClientCert(
  pki: TestPki,
  name: string,
  cn: string,
  groups: readonly string[] = [],
): { cert: string; key: string } {
  const subject = `${groups.map((g) => `/O=${g}`).join('')}/CN=${cn}`;
  issue(
    pki.dir,
    name,
    subject,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
  return { cert: path.join(pki.dir, `${name}.pem`), key: path.join(pki.dir, `${name}-key.pem`) };
}

/**
 * An admin kubeconfig with everything embedded, as kubectl writes with
 * --embed-certs; `insecure`: no CA, and insecure-skip-tls-verify instead;
 * `client`: another identity's certificate instead of the admin's.
 */
export function writeAdminKubeconfig(
  file: string,
  server: string,
  pki: TestPki,
  opts: { insecure?: boolean; client?: { cert: string; key: string } } = {},
): void {
  const b64 = (f: string): string => fs.readFileSync(f).toString('base64');
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${server}`,
      opts.insecure
        ? '    insecure-skip-tls-verify: true'
        : `    certificate-authority-data: ${b64(pki.caCert)}`,
      'users:',
      '- name: admin',
      '  user:',
      `    client-certificate-data: ${b64(opts.client?.cert ?? pki.adminCert)}`,
      `    client-key-data: ${b64(opts.client?.key ?? pki.adminKey)}`,
      'contexts:',
      '- name: admin@test',
      '  context: {cluster: test, user: admin}',
      'current-context: admin@test',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}
