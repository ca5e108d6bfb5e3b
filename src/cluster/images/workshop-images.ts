// The two images the workshop runs, built from a static busybox so they work
// with no registry: a pause image (holds a pod's namespaces open) and a tiny
// web server that answers with its pod's name — enough to see a Service
// spread requests over Pods.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeOciArchive, type ImageSpec } from './oci-archive.js';

export const PAUSE_IMAGE = 'demystify.local/pause:1';
export const WEB_IMAGE = 'demystify.local/web:1';

/** Where Debian's busybox-static (and most distributions' busybox) lives. */
export const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox', '/usr/local/bin/busybox'];

const APPLETS = [
  'sh',
  'sleep',
  'httpd',
  'hostname',
  'echo',
  'cat',
  'ls',
  'mkdir',
  'wget',
  // The DNS chapter resolves names from inside a Pod.
  'nslookup',
  'ip',
  'ps',
  'env',
  'true',
];

// As PID 1 a process gets no default signal handlers: trap TERM so pods stop
// at once instead of waiting out their grace period.
const images: Record<'pause' | 'web', ImageSpec> = {
  pause: {
    name: PAUSE_IMAGE,
    entrypoint: ['/bin/sh', '-c', 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done'],
  },
  web: {
    name: WEB_IMAGE,
    entrypoint: [
      '/bin/sh',
      '-c',
      // The trap must be set in PID 1 itself, not in the backgrounded list.
      'trap "exit 0" TERM INT; mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && echo "web: serving /www on port 8080" && httpd -f -v -p 8080 -h /www & wait $!',
    ],
    exposedPorts: [8080],
  },
};

export interface BuiltImage {
  readonly name: string;
  readonly file: string;
  readonly digest: string;
}

export async function findBusybox(
  candidates: readonly string[] = BUSYBOX_CANDIDATES,
): Promise<string | undefined> {
  for (const c of candidates) {
    if (
      await fs.access(c, fs.constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return c;
  }
  return undefined;
}

export async function buildWorkshopImages(outDir: string, busybox: string): Promise<BuiltImage[]> {
  const rootfs = await fs.mkdtemp(path.join(os.tmpdir(), 'demystify-rootfs-'));
  try {
    // Modes set outright: the image is the same whatever umask demystify runs under (077, its own).
    for (const [dir, mode] of [
      ['bin', 0o755],
      ['tmp', 0o1777],
      ['etc', 0o755],
    ] as const) {
      await fs.mkdir(path.join(rootfs, dir));
      await fs.chmod(path.join(rootfs, dir), mode);
    }
    await fs.copyFile(busybox, path.join(rootfs, 'bin', 'busybox'));
    await fs.chmod(path.join(rootfs, 'bin', 'busybox'), 0o755);
    for (const applet of APPLETS) await fs.symlink('busybox', path.join(rootfs, 'bin', applet));
    const built: BuiltImage[] = [];
    for (const [key, spec] of Object.entries(images)) {
      const file = path.join(outDir, `${key}.tar`);
      built.push({ name: spec.name, file, digest: await writeOciArchive(rootfs, spec, file) });
    }
    return built;
  } finally {
    await fs.rm(rootfs, { recursive: true, force: true });
  }
}
