// The pure parts of checkpoints: reading component commands the way bash
// would, where runtime state lives, the shell's difference, and specs that
// survive JSON.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagValue, invocationOf, shellWords } from '../../src/engine/checkpoint/command-words.js';
import { recordOf, specOf } from '../../src/engine/checkpoint/component-record.js';
import { etcdLayout, stateDirsOf } from '../../src/engine/checkpoint/runtime-state.js';
import { restoreScript, shellStateFrom } from '../../src/engine/checkpoint/shell-state.js';
import { commandLine } from '../../src/engine/component-step.js';
import { loadWorkshop } from '../../src/lesson/load.js';

const env = { WORKSPACE: '/ws', HOME: '/root' };

describe('shellWords', () => {
  it('splits, unquotes and expands like bash', () => {
    expect(shellWords(`etcd --data-dir "$WORKSPACE/etcd data" --name='a b' x\\ y \${HOME}/z`, env)).toEqual([
      'etcd',
      '--data-dir',
      '/ws/etcd data',
      '--name=a b',
      'x y',
      '/root/z',
    ]);
  });
  it('keeps single-quoted dollars, drops unknown variables, stops at a list', () => {
    expect(shellWords(`a '$WORKSPACE' "$NOPE" b; c`, env)).toEqual(['a', '$WORKSPACE', '', 'b']);
  });
  it('finds the program behind assignments and wrappers', () => {
    expect(invocationOf(shellWords('A=1 exec sudo -E /usr/bin/etcd --x', env))).toEqual({
      program: 'etcd',
      args: ['--x'],
    });
  });
  it('reads --flag=value, --flag value and -flag, the last one winning', () => {
    expect(flagValue(['--data-dir', 'a', '-data-dir=b'], 'data-dir')).toBe('b');
    expect(flagValue(['--client-cert-auth', '--x'], 'client-cert-auth')).toBeUndefined();
  });
});

describe('runtime state', () => {
  it("reads etcd's layout from the etcd chapter's own command", async () => {
    const { workshop } = await loadWorkshop('lessons');
    const step = workshop.chapters
      .flatMap((c) => c.steps)
      .find((s) => s.kind === 'component' && s.pane === 'etcd');
    const layout = etcdLayout({ command: commandLine(step!.body), cwd: '/ws', env });
    expect(layout).toEqual({
      dataDir: '/ws/etcd-data',
      name: 'demystify',
      endpoint: 'https://127.0.0.1:2379',
      initialCluster: 'demystify=https://127.0.0.1:2380',
      initialAdvertisePeerUrls: 'https://127.0.0.1:2380',
      initialClusterToken: undefined,
    });
  });
  it('uses etcd defaults and its environment variables', () => {
    expect(etcdLayout({ command: 'etcd', cwd: '/ws', env: {} })?.dataDir).toBe('/ws/default.etcd');
    expect(etcdLayout({ command: 'etcd', cwd: '/ws', env: { ETCD_DATA_DIR: '/d' } })?.dataDir).toBe('/d');
    expect(etcdLayout({ command: 'kube-apiserver --etcd-servers=x', cwd: '/ws', env })).toBeUndefined();
  });
  it("finds state folders in flags and in containerd's TOML config", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-state-'));
    fs.writeFileSync(
      path.join(dir, 'containerd.toml'),
      `version = 2\nroot = "${dir}/containerd"\nstate = "/run/x"\n[grpc]\n  root = "/not/top-level"\n`,
    );
    expect(
      await stateDirsOf({ command: `containerd --config "${dir}/containerd.toml"`, cwd: dir, env }),
    ).toEqual([`${dir}/containerd`, '/run/x']);
    expect(await stateDirsOf({ command: 'kubelet --root-dir="$WORKSPACE/kubelet"', cwd: '/', env })).toEqual([
      '/ws/kubelet',
    ]);
  });
});

describe('the shell state', () => {
  const base = { PATH: '/bin', HOME: '/root', KEEP: 'x', GONE: 'y' };
  it('keeps what the learner exported, changed and unset, not bash bookkeeping', () => {
    const exported = {
      PATH: '/bin',
      HOME: '/root',
      KEEP: 'changed',
      NEW: "it's",
      PWD: '/ws/notes',
      SHLVL: '2',
      _: '/usr/bin/env',
    };
    expect(shellStateFrom(exported, base, '/ws')).toEqual({
      cwd: '/ws/notes',
      set: { KEEP: 'changed', NEW: "it's" },
      unset: ['GONE'],
    });
  });
  it('writes a script that takes the current shell there, and nothing when it is there', () => {
    const target = { cwd: '/ws/notes', set: { NEW: "it's" }, unset: ['GONE'] };
    const script = restoreScript({ ...base, LATER: '1', PWD: '/ws' }, target, base, 'the start of x')!;
    expect(script).toContain(`export NEW='it'\\''s'`);
    expect(script).toContain('unset GONE');
    expect(script).toContain('unset LATER');
    expect(script).toContain(`cd '/ws/notes'`);
    expect(script).not.toMatch(/PATH|HOME|KEEP/);
    const there = { PATH: '/bin', HOME: '/root', KEEP: 'x', NEW: "it's", PWD: '/ws/notes' };
    expect(restoreScript(there, target, base, 'x')).toBeUndefined();
  });
});

describe('component records', () => {
  it('survive JSON: a log probe keeps its pattern, the environment is kept as a difference', () => {
    const base = { PATH: '/bin', SECRET: 's' };
    const spec = {
      name: 'etcd',
      command: 'etcd --data-dir x',
      cwd: '/ws',
      env: { PATH: '/bin', EXTRA: '1' },
      ready: { kind: 'log' as const, pattern: /serving client\s+traffic/i },
      readyTimeoutMs: 60_000,
    };
    const record = JSON.parse(JSON.stringify(recordOf(spec, base))) as ReturnType<typeof recordOf>;
    expect(record.envSet).toEqual({ EXTRA: '1' });
    expect(record.envUnset).toEqual(['SECRET']);
    expect(JSON.stringify(record)).not.toContain('"s"');
    const again = specOf(record, base);
    expect(again.env).toEqual(spec.env);
    expect(again.ready).toEqual(spec.ready);
    expect(again.ready?.kind === 'log' && again.ready.pattern.test('Serving client   traffic')).toBe(true);
  });
});
