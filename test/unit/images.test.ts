import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import {
  buildWorkshopImages,
  findBusybox,
  PAUSE_IMAGE,
  WEB_IMAGE,
} from '../../src/cluster/images/workshop-images.js';

async function unpack(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await tar.t({
    file,
    onReadEntry: (e) => {
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => files.set(e.path.replace(/\/$/, ''), Buffer.concat(chunks)));
    },
  });
  return files;
}

describe('offline workshop images', () => {
  it('builds valid, reproducible OCI archives named for containerd', async () => {
    const busybox = await findBusybox();
    if (!busybox) throw new Error('busybox-static is required for this test: apt-get install busybox-static');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-images-'));
    const built = await buildWorkshopImages(dir, busybox);
    expect(built.map((b) => b.name)).toEqual([PAUSE_IMAGE, WEB_IMAGE]);
    for (const image of built) {
      const files = await unpack(image.file);
      expect(JSON.parse(files.get('oci-layout')!.toString())).toEqual({ imageLayoutVersion: '1.0.0' });
      const index = JSON.parse(files.get('index.json')!.toString());
      const entry = index.manifests[0];
      expect(entry.annotations['io.containerd.image.name']).toBe(image.name);
      expect(entry.digest).toBe(image.digest);
      // Every blob is named by its own sha256, and the manifest points at blobs that exist.
      for (const [name, data] of files) {
        if (!name.startsWith('blobs/sha256/') || name === 'blobs/sha256') continue;
        expect(createHash('sha256').update(data).digest('hex')).toBe(name.split('/').pop());
      }
      const manifest = JSON.parse(files.get(`blobs/sha256/${entry.digest.slice(7)}`)!.toString());
      const config = JSON.parse(files.get(`blobs/sha256/${manifest.config.digest.slice(7)}`)!.toString());
      expect(config.rootfs.diff_ids).toEqual([manifest.layers[0].digest]);
      expect(config.config.Entrypoint[0]).toBe('/bin/sh');
      const layer = files.get(`blobs/sha256/${manifest.layers[0].digest.slice(7)}`)!;
      const layerFile = path.join(dir, 'layer.tar');
      fs.writeFileSync(layerFile, layer);
      const inLayer = [...(await unpack(layerFile)).keys()];
      expect(inLayer).toEqual(expect.arrayContaining(['bin/busybox', 'bin/sh', 'bin/httpd', 'tmp']));
    }
    // Same input, same bytes: rebuilding changes no digest.
    const again = await buildWorkshopImages(dir, busybox);
    expect(again.map((b) => b.digest)).toEqual(built.map((b) => b.digest));
  });
});
