// Where demystify keeps things, following the XDG base directory spec so a
// learner can find (and delete) everything: state (progress, pid records),
// cache (downloaded or locally built binaries) and the workspace (certs,
// etcd data, configs) the lessons build in.
import os from 'node:os';
import path from 'node:path';

export interface Env {
  readonly [name: string]: string | undefined;
}

function xdg(env: Env, name: string, fallback: string): string {
  const value = env[name];
  // The spec says relative paths are invalid and must be ignored.
  return value && path.isAbsolute(value) ? value : path.join(os.homedir(), fallback);
}

export function stateDir(env: Env = process.env): string {
  return path.join(xdg(env, 'XDG_STATE_HOME', '.local/state'), 'demystify');
}

export function cacheDir(env: Env = process.env): string {
  return path.join(xdg(env, 'XDG_CACHE_HOME', '.cache'), 'demystify');
}

export function dataDir(env: Env = process.env): string {
  return path.join(xdg(env, 'XDG_DATA_HOME', '.local/share'), 'demystify');
}

/** The folder the lessons build the cluster in, unless --workspace says otherwise. */
export function defaultWorkspace(env: Env = process.env): string {
  return env.DEMYSTIFY_WORKSPACE && path.isAbsolute(env.DEMYSTIFY_WORKSPACE)
    ? env.DEMYSTIFY_WORKSPACE
    : path.join(dataDir(env), 'workspace');
}
