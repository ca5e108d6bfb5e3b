// Benchmark: our PKI module vs the openssl CLI doing the same work, plus the
// key-generation and signing choices behind src/cluster/pki/keys.ts.
// Plain JS on purpose (Node 20 cannot run .ts): it imports the built module.
//
//   npm run build && node bench/pki.mjs [rounds]
//
// One run compares everything on the same machine and load; each figure is
// the median of the rounds.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import forge from 'node-forge';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist', 'cluster', 'pki');
try {
  await fs.access(path.join(dist, 'index.js'));
} catch {
  console.error(`No ${path.relative(root, dist)}/index.js: run \`npm run build\` first.`);
  process.exit(1);
}
const { generatePki, perRolePlan } = await import(path.join(dist, 'index.js'));
const { nodeRsaSigner } = await import(path.join(dist, 'keys.js'));

const run = promisify(execFile);
const rounds = Number(process.argv[2] ?? 3);
const identity = { hostname: 'node-1', nodeIp: '192.168.56.10', serviceCidr: '10.96.0.0/12', etcdPeer: true };
const plan = perRolePlan(identity);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

// CPU seconds are steadier than wall time on a busy machine. Ours: this
// process, thread pool included. openssl: reaped children, from
// /proc/self/stat (cutime + cstime, in clock ticks; Linux only).
function childCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}
async function cpu(fn, children) {
  const before = children ? childCpuMs() : process.cpuUsage();
  await fn();
  if (children) return childCpuMs() - before;
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0).padStart(6)} ms`;

/** The per-role set the shell way: genrsa, req, x509 -req with an extfile, per certificate. */
async function opensslSet(dir, parallel) {
  await fs.mkdir(dir, { recursive: true });
  const o = (...args) => run('openssl', args);
  const ca = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca-key.pem') };
  await o('genrsa', '-out', ca.key, '2048');
  await o(
    'req',
    '-x509',
    '-new',
    '-key',
    ca.key,
    '-subj',
    '/CN=demystify-ca',
    '-days',
    '3650',
    '-out',
    ca.cert,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  );
  const one = async (spec) => {
    const key = path.join(dir, `${spec.name}-key.pem`);
    const csr = path.join(dir, `${spec.name}.csr`);
    const ext = path.join(dir, `${spec.name}.ext`);
    const subject = [...(spec.o ?? []).map((o) => `/O=${o}`), `/CN=${spec.cn}`].join('');
    const eku = { server: 'serverAuth', client: 'clientAuth', both: 'serverAuth,clientAuth' }[spec.usages];
    const sans = [
      ...(spec.sans?.dns ?? []).map((d) => `DNS:${d}`),
      ...(spec.sans?.ip ?? []).map((i) => `IP:${i}`),
    ];
    await fs.writeFile(
      ext,
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        `extendedKeyUsage=${eku}`,
        ...(sans.length ? [`subjectAltName=${sans.join(',')}`] : []),
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid',
      ].join('\n'),
    );
    await o('genrsa', '-out', key, '2048');
    await o('req', '-new', '-key', key, '-subj', subject, '-out', csr);
    await o(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-set_serial',
      `0x${crypto.randomBytes(15).toString('hex')}`,
      '-days',
      '365',
      '-extfile',
      ext,
      '-out',
      path.join(dir, `${spec.name}.pem`),
    );
  };
  const sa = async () => {
    await o('genrsa', '-out', path.join(dir, 'sa.key'), '2048');
    await o('pkey', '-in', path.join(dir, 'sa.key'), '-pubout', '-out', path.join(dir, 'sa.pub'));
  };
  if (parallel) await Promise.all([...plan.certs.map(one), sa()]);
  else for (const job of [...plan.certs.map((s) => () => one(s)), sa]) await job();
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-bench-pki-'));
const results = { ours: [], opensslSeq: [], opensslPar: [] };
const cpuUsed = { ours: [], opensslSeq: [] };
try {
  const load = os.loadavg()[0];
  for (let r = 0; r < rounds; r++) {
    let wall = 0;
    cpuUsed.ours.push(
      await cpu(
        async () => (wall = await time(() => generatePki(path.join(work, `ours-${r}`), plan))),
        false,
      ),
    );
    results.ours.push(wall);
    cpuUsed.opensslSeq.push(
      await cpu(async () => (wall = await time(() => opensslSet(path.join(work, `seq-${r}`), false))), true),
    );
    results.opensslSeq.push(wall);
    results.opensslPar.push(await time(() => opensslSet(path.join(work, `par-${r}`), true)));
  }
  const keyFiles = plan.certs.length + 2;
  const ours = median(results.ours);
  const ratio = (x, y) => `${(x / y).toFixed(2)}x ours`;
  console.log(
    `Per-role PKI: CA + ${plan.certs.length} certificates + SA pair (${keyFiles} RSA 2048 keys), median of ${rounds}, ${os.cpus().length} CPUs, load ${load.toFixed(1)}`,
  );
  console.log(`  demystify generatePki         wall ${ms(ours)}   cpu ${ms(median(cpuUsed.ours))}`);
  console.log(
    `  openssl CLI, one at a time    wall ${ms(median(results.opensslSeq))} (${ratio(median(results.opensslSeq), ours)})   cpu ${ms(median(cpuUsed.opensslSeq))} (${ratio(median(cpuUsed.opensslSeq), median(cpuUsed.ours))})`,
  );
  console.log(
    `  openssl CLI, all in parallel  wall ${ms(median(results.opensslPar))} (${ratio(median(results.opensslPar), ours)})`,
  );
  console.log(
    `  rerun with valid files (kept) wall ${ms(await time(() => generatePki(path.join(work, 'ours-0'), plan)))}`,
  );

  // Key generation: forge's pure-JS RSA vs OpenSSL inside Node.
  const keygen = { forgePure: [], nodeSync: [], nodeAsync8: [] };
  for (let r = 0; r < rounds; r++) {
    forge.options.usePureJavaScript = true;
    keygen.forgePure.push(await time(() => forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 })));
    forge.options.usePureJavaScript = false;
    keygen.nodeSync.push(await time(() => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })));
    const pair = promisify(crypto.generateKeyPair);
    keygen.nodeAsync8.push(
      await time(() => Promise.all(Array.from({ length: 8 }, () => pair('rsa', { modulusLength: 2048 })))),
    );
  }
  console.log('RSA 2048 key generation, median:');
  console.log(`  node-forge pure JS            ${ms(median(keygen.forgePure))} / key`);
  console.log(`  node:crypto generateKeyPairSync ${ms(median(keygen.nodeSync))} / key`);
  console.log(
    `  node:crypto generateKeyPair x8 ${ms(median(keygen.nodeAsync8) / 8)} / key (in parallel on the libuv pool)`,
  );
  console.log(
    `  ECDSA P-256 (node:crypto)     ${ms(await time(() => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })))} / key (forge cannot put it in a certificate)`,
  );

  // Signing one certificate's digest: forge's JS RSA vs node's.
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  const nodeKey = nodeRsaSigner(privateKey);
  const digest = () => forge.md.sha256.create().update('tbsCertificate');
  const n = 20;
  const forgeSign = await time(() => {
    for (let i = 0; i < n; i++) forgeKey.sign(digest());
  });
  const nodeSign = await time(() => {
    for (let i = 0; i < n; i++) nodeKey.sign(digest());
  });
  console.log(
    `RSA 2048 signature: forge privateKeyFromPem().sign ${ms(forgeSign / n)}, nodeRsaSigner ${ms(nodeSign / n)}`,
  );
} finally {
  await fs.rm(work, { recursive: true, force: true });
}
