// Builds an OCI image archive (the "OCI image layout" in a tar, as
// `ctr images import` reads it) from a folder that is the image's root file
// system. No registry and no Docker needed: this is how the workshop's pause
// and web images exist on a machine that cannot pull anything.
//
//   oci-layout                      {"imageLayoutVersion":"1.0.0"}
//   index.json                      -> manifest, annotated with the image name
//   blobs/sha256/<manifest>         -> config + one layer
//   blobs/sha256/<config>           architecture, os, entrypoint, rootfs.diff_ids
//   blobs/sha256/<layer>            the root file system as an uncompressed tar
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { writeFileAtomic } from '../../fs/atomic-write.js';

export interface ImageSpec {
  /** Full reference, e.g. demystify.local/web:1 */
  readonly name: string;
  readonly entrypoint: readonly string[];
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly exposedPorts?: readonly number[];
}

// A fixed timestamp makes the archive byte-for-byte reproducible.
const EPOCH = new Date('2024-01-01T00:00:00Z');

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

async function tarBuffer(cwd: string, entries: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = tar.create(
    { cwd, portable: true, mtime: EPOCH, noDirRecurse: false, follow: false },
    entries,
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Writes `<out>` atomically; returns the manifest digest. */
export async function writeOciArchive(
  rootfs: string,
  spec: ImageSpec,
  out: string,
  arch = goArch(),
): Promise<string> {
  const layerEntries = (await fs.readdir(rootfs)).sort();
  const layer = await tarBuffer(rootfs, layerEntries);
  const layerDigest = sha256(layer);
  const config = JSON.stringify({
    created: EPOCH.toISOString(),
    architecture: arch,
    os: 'linux',
    config: {
      Entrypoint: spec.entrypoint,
      Env: spec.env ?? ['PATH=/bin'],
      WorkingDir: spec.workingDir ?? '/',
      ...(spec.exposedPorts?.length
        ? { ExposedPorts: Object.fromEntries(spec.exposedPorts.map((p) => [`${p}/tcp`, {}])) }
        : {}),
    },
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
    history: [{ created: EPOCH.toISOString(), created_by: 'demystify (offline image builder)' }],
  });
  const configDigest = sha256(config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${configDigest}`,
      size: Buffer.byteLength(config),
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: `sha256:${layerDigest}`,
        size: layer.length,
      },
    ],
  });
  const manifestDigest = sha256(manifest);
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${manifestDigest}`,
        size: Buffer.byteLength(manifest),
        platform: { architecture: arch, os: 'linux' },
        annotations: {
          'io.containerd.image.name': spec.name,
          'org.opencontainers.image.ref.name': spec.name.split(':').pop() ?? 'latest',
        },
      },
    ],
  });
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-oci-'));
  try {
    const blobs = path.join(staging, 'blobs', 'sha256');
    await fs.mkdir(blobs, { recursive: true });
    await fs.writeFile(path.join(staging, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await fs.writeFile(path.join(staging, 'index.json'), index);
    await fs.writeFile(path.join(blobs, layerDigest), layer);
    await fs.writeFile(path.join(blobs, configDigest), config);
    await fs.writeFile(path.join(blobs, manifestDigest), manifest);
    await writeFileAtomic(out, await tarBuffer(staging, ['oci-layout', 'index.json', 'blobs']));
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return `sha256:${manifestDigest}`;
}

/** OCI names architectures the Go way. */
export function goArch(nodeArch: string = process.arch): string {
  return (
    (
      { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>
    )[nodeArch] ?? nodeArch
  );
}
