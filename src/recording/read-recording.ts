// Reading a recording folder back: the manifest, each pane's asciicast file,
// all of it validated (the asciicast v2 rules, and every pane carrying the
// manifest's markers). A broken recording is one RecordingError listing
// every problem, never a half-loaded recording.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAsciicast, type AsciicastEvent, type AsciicastHeader } from './asciicast.js';
import {
  manifestProblems,
  markerText,
  MANIFEST_FILE,
  type RecordedPane,
  type RecordingManifest,
} from './manifest.js';

export interface PaneRecording extends RecordedPane {
  readonly header: AsciicastHeader;
  /** Output, marker and resize events in file order (time order). */
  readonly events: readonly AsciicastEvent[];
}

export interface Recording {
  readonly dir: string;
  readonly manifest: RecordingManifest;
  /** In layout order. */
  readonly panes: readonly PaneRecording[];
}

export class RecordingError extends Error {
  override name = 'RecordingError';
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super(`${dir} is not a valid recording:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export async function readRecording(dir: string): Promise<Recording> {
  let manifest: RecordingManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as RecordingManifest;
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? `it has no ${MANIFEST_FILE}`
        : `${MANIFEST_FILE} is not JSON`;
    throw new RecordingError(dir, [why]);
  }
  const problems = manifestProblems(manifest);
  if (problems.length) throw new RecordingError(dir, problems);
  const expected = manifest.markers.map(markerText);
  const panes: PaneRecording[] = [];
  for (const pane of [...manifest.panes].sort((a, b) => a.order - b.order)) {
    let text: string;
    try {
      text = await fs.readFile(path.join(dir, pane.file), 'utf8');
    } catch {
      problems.push(`${pane.file}: missing (the manifest lists it for pane ${pane.name})`);
      continue;
    }
    const cast = parseAsciicast(text);
    problems.push(...cast.problems.map((p) => `${pane.file}: ${p}`));
    const marks = cast.events.filter((e) => e.code === 'm').map((e) => e.data);
    if (marks.join('\n') !== expected.join('\n'))
      problems.push(
        `${pane.file}: has ${marks.length} markers, the manifest ${expected.length} (they must be the same steps)`,
      );
    if (cast.header) panes.push({ ...pane, header: cast.header, events: cast.events });
  }
  if (problems.length) throw new RecordingError(dir, problems);
  return { dir, manifest, panes };
}

/**
 * The recordings a path names: the folder itself when it holds a manifest,
 * otherwise its sub-folders that do (as `demystify test --record` writes
 * them, one per chapter), in the order they were recorded.
 */
export async function findRecordings(dir: string): Promise<string[]> {
  const has = (d: string): Promise<boolean> =>
    fs.stat(path.join(d, MANIFEST_FILE)).then(
      () => true,
      () => false,
    );
  if (await has(dir)) return [dir];
  const found: { dir: string; startedAt: string }[] = [];
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const sub = path.join(dir, name);
    if (name.startsWith('.') || !(await has(sub))) continue;
    const m = JSON.parse(await fs.readFile(path.join(sub, MANIFEST_FILE), 'utf8').catch(() => '{}')) as {
      startedAt?: string;
    };
    found.push({ dir: sub, startedAt: m.startedAt ?? '' });
  }
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((f) => f.dir);
}
