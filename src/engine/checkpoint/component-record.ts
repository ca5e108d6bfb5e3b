// A running component as a checkpoint stores it: what starting it again
// needs. JSON cannot hold a RegExp, so a log probe keeps its source and
// flags. The environment is kept as a difference from the session's (almost
// always empty): the host's variables, secrets included, are not copied to
// disk, and a later session with another PATH still starts the same command.
import type { ComponentSpec, Probe } from '../../terminal/types.js';

export type ProbeRecord =
  | Exclude<Probe, { readonly kind: 'log' }>
  | { readonly kind: 'log'; readonly pattern: string; readonly flags: string };

export interface ComponentRecord {
  readonly name: string;
  readonly command: string;
  readonly cwd: string;
  /** Variables the component had that differ from the session's environment. */
  readonly envSet: Readonly<Record<string, string>>;
  /** Variables of the session's environment the component did not have. */
  readonly envUnset: readonly string[];
  readonly ready?: ProbeRecord;
  readonly readyTimeoutMs?: number;
  readonly stopSignal?: NodeJS.Signals;
  readonly cols?: number;
  readonly rows?: number;
}

export function recordOf(spec: ComponentSpec, base: Readonly<Record<string, string>>): ComponentRecord {
  const envSet: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.env)) if (base[k] !== v) envSet[k] = v;
  return {
    name: spec.name,
    command: spec.command,
    cwd: spec.cwd,
    envSet,
    envUnset: Object.keys(base).filter((k) => !(k in spec.env)),
    ...(spec.ready ? { ready: probeRecord(spec.ready) } : {}),
    ...(spec.readyTimeoutMs !== undefined ? { readyTimeoutMs: spec.readyTimeoutMs } : {}),
    ...(spec.stopSignal ? { stopSignal: spec.stopSignal } : {}),
    ...(spec.cols ? { cols: spec.cols } : {}),
    ...(spec.rows ? { rows: spec.rows } : {}),
  };
}

export function specOf(r: ComponentRecord, base: Readonly<Record<string, string>>): ComponentSpec {
  const env: Record<string, string> = { ...base, ...r.envSet };
  for (const k of r.envUnset) delete env[k];
  return {
    name: r.name,
    command: r.command,
    cwd: r.cwd,
    env,
    ...(r.ready ? { ready: probeOf(r.ready) } : {}),
    ...(r.readyTimeoutMs !== undefined ? { readyTimeoutMs: r.readyTimeoutMs } : {}),
    ...(r.stopSignal ? { stopSignal: r.stopSignal } : {}),
    ...(r.cols ? { cols: r.cols } : {}),
    ...(r.rows ? { rows: r.rows } : {}),
  };
}

function probeRecord(p: Probe): ProbeRecord {
  return p.kind === 'log' ? { kind: 'log', pattern: p.pattern.source, flags: p.pattern.flags } : { ...p };
}

function probeOf(p: ProbeRecord): Probe {
  return p.kind === 'log' ? { kind: 'log', pattern: new RegExp(p.pattern, p.flags) } : { ...p };
}
