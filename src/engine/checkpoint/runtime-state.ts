// Where components keep their runtime state, read from their command lines.
// A checkpoint copies the workspace's certificates and configs but not this
// state: etcd's data is saved as a snapshot instead, and the state of
// containerd and the kubelet (images, snapshots, mounted volumes) is large,
// often mounted, and rebuilt by the components themselves.
import fs from 'node:fs/promises';
import path from 'node:path';
import { flagValue, invocationOf, shellWords } from './command-words.js';

/** What starting a component needs: enough of a ComponentSpec to read its command. */
export interface CommandSite {
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** An etcd member as its flags describe it: what a snapshot restore must reproduce. */
export interface EtcdLayout {
  readonly dataDir: string;
  readonly name: string;
  /** Where etcdctl reaches it, e.g. https://127.0.0.1:2379. */
  readonly endpoint: string;
  readonly initialCluster: string | undefined;
  readonly initialAdvertisePeerUrls: string | undefined;
  readonly initialClusterToken: string | undefined;
}

/** The etcd layout when the command starts etcd; undefined for any other program. */
export function etcdLayout(site: CommandSite): EtcdLayout | undefined {
  const inv = invocationOf(shellWords(site.command, site.env));
  if (inv?.program !== 'etcd') return undefined;
  // etcd reads every flag from ETCD_<FLAG> too, when the flag itself is not given.
  const get = (flag: string): string | undefined =>
    flagValue(inv.args, flag) ?? site.env[`ETCD_${flag.toUpperCase().replace(/-/g, '_')}`];
  const name = get('name') ?? 'default';
  const urls = (get('advertise-client-urls') ?? get('listen-client-urls') ?? 'http://127.0.0.1:2379').split(
    ',',
  );
  return {
    dataDir: path.resolve(site.cwd, get('data-dir') ?? `${name}.etcd`),
    name,
    endpoint: loopbackFor(urls[0]!.trim()),
    initialCluster: get('initial-cluster'),
    initialAdvertisePeerUrls: get('initial-advertise-peer-urls'),
    initialClusterToken: get('initial-cluster-token'),
  };
}

/** A wildcard listen address is reached on loopback. */
function loopbackFor(url: string): string {
  return url.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]');
}

/** Flags that name a folder of runtime state, whatever the program. */
const STATE_FLAGS = ['data-dir', 'root-dir', 'root', 'state', 'state-dir'] as const;

/** Every folder of runtime state the command names: its flags, and `root`/`state` in a containerd-style TOML config. */
export async function stateDirsOf(site: CommandSite): Promise<string[]> {
  const inv = invocationOf(shellWords(site.command, site.env));
  if (!inv) return [];
  const dirs: string[] = [];
  for (const flag of STATE_FLAGS) {
    const v = flagValue(inv.args, flag);
    if (v) dirs.push(path.resolve(site.cwd, v));
  }
  const etcd = etcdLayout(site);
  if (etcd) dirs.push(etcd.dataDir);
  const config =
    flagValue(inv.args, 'config') ?? (inv.program === 'containerd' ? flagValue(inv.args, 'c') : undefined);
  if (config?.endsWith('.toml')) dirs.push(...(await tomlStateDirs(path.resolve(site.cwd, config))));
  return [...new Set(dirs)];
}

/** Top-level `root = "..."` and `state = "..."` keys (before the first [table]), as containerd's config has them. */
async function tomlStateDirs(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return []; // not written yet: then the state it would name does not exist either
  }
  const dirs: string[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*(root|state)\s*=\s*["']([^"']+)["']/.exec(line);
    if (m) dirs.push(path.resolve(path.dirname(file), m[2]!));
  }
  return dirs;
}
