// The learner's shell is part of where a chapter starts: chapter 2 exports
// ETCDCTL_* and chapter 3 uses them. A checkpoint keeps what the learner
// changed (exported variables, the current folder) as a difference from the
// session's own environment, so it still applies when the next session's
// environment differs (another PATH, another terminal). Restoring types one
// `.` line that sources a small script, visibly: the shell is the learner's.
// Unexported variables, aliases and functions are not kept.
import { MARKER_VAR } from '../../terminal/pid-records.js';
import { singleQuoted } from '../shell-rc.js';

export interface ShellState {
  /** The shell's current folder. */
  readonly cwd: string;
  /** Exported variables the learner added or changed. */
  readonly set: Readonly<Record<string, string>>;
  /** Variables of the session's environment the learner unset. */
  readonly unset: readonly string[];
}

/** Variables bash or demystify set per process: never saved, never restored. */
const OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_', 'COLUMNS', 'LINES', MARKER_VAR, 'DEMYSTIFY_COMPONENT']);
const mine = (name: string): boolean => !OWN.has(name) && !name.startsWith('BASH_FUNC_');

export function shellStateFrom(
  exported: Readonly<Record<string, string>>,
  base: Readonly<Record<string, string>>,
  fallbackCwd: string,
): ShellState {
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(exported)) if (mine(k) && base[k] !== v) set[k] = v;
  const unset = Object.keys(base).filter((k) => mine(k) && !(k in exported));
  return { cwd: exported.PWD ?? fallbackCwd, set, unset };
}

/**
 * A bash script that turns a shell whose exports are `current` into the saved
 * state; undefined when the shell already is there.
 */
export function restoreScript(
  current: Readonly<Record<string, string>>,
  target: ShellState,
  base: Readonly<Record<string, string>>,
  label: string,
): string | undefined {
  const want: Record<string, string> = { ...base, ...target.set };
  for (const k of target.unset) delete want[k];
  const lines: string[] = [];
  const changed: string[] = [];
  for (const [k, v] of Object.entries(want)) {
    if (!mine(k) || current[k] === v || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    lines.push(`export ${k}=${singleQuoted(v)}`);
    changed.push(k);
  }
  for (const k of Object.keys(current)) {
    if (!mine(k) || k in want || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    lines.push(`unset ${k}`);
    changed.push(`-${k}`);
  }
  const moved = current.PWD !== target.cwd;
  if (moved) lines.push(`cd ${singleQuoted(target.cwd)}`);
  if (!lines.length) return undefined;
  const said = [changed.length ? `variables ${changed.join(' ')}` : '', moved ? `folder ${target.cwd}` : '']
    .filter(Boolean)
    .join(', ');
  return [
    `# demystify: your shell as it was at ${label}`,
    ...lines,
    `echo ${singleQuoted(`(restored ${said})`)}`,
    '',
  ].join('\n');
}
