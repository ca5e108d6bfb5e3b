// A chapter recording is a folder: one asciicast v2 file per pane and this
// manifest, which says which chapter it is, how the panes are laid out (the
// shell first, then components in the order they started, as the UI shows
// them) and where each step began. Every pane file carries the same markers,
// so each plays on its own in any asciicast player too.

export const MANIFEST_FILE = 'manifest.json';

export interface RecordedPane {
  readonly name: string;
  /** File name inside the recording folder. */
  readonly file: string;
  /** Layout position: 0 is the shell. */
  readonly order: number;
  readonly width: number;
  readonly height: number;
}

export interface RecordedMarker {
  /** Seconds from the start of the recording. */
  readonly time: number;
  readonly stepId: string;
  readonly label: string;
}

export interface RecordingManifest {
  readonly version: 1;
  readonly format: 'asciicast-v2';
  readonly chapter: { readonly id: string; readonly title: string };
  readonly startedAt: string;
  /** Seconds. */
  readonly duration: number;
  readonly panes: readonly RecordedPane[];
  readonly markers: readonly RecordedMarker[];
  /** How the chapter run ended; absent when it was cut short before the end was known. */
  readonly result?: { readonly ok: boolean };
}

/** The text of a marker event: "<step id>: <label>". */
export function markerText(m: Pick<RecordedMarker, 'stepId' | 'label'>): string {
  return `${m.stepId}: ${m.label}`;
}

/** A pane's file name: pane names are lesson words, but never trust a name with a path. */
export function paneFile(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.cast`;
}

/** Problems with a parsed manifest, as sentences; empty when it is usable. */
export function manifestProblems(m: unknown): string[] {
  const p: string[] = [];
  const o = m as Partial<RecordingManifest> | undefined;
  if (!o || typeof o !== 'object') return ['the manifest is not a JSON object'];
  if (o.version !== 1) p.push(`manifest version must be 1, not ${JSON.stringify(o.version)}`);
  if (o.format !== 'asciicast-v2') p.push('manifest format must be "asciicast-v2"');
  if (typeof o.chapter?.id !== 'string') p.push('the manifest names no chapter');
  if (!Array.isArray(o.panes) || o.panes.length === 0) p.push('the manifest lists no panes');
  else
    for (const pane of o.panes)
      if (typeof pane?.name !== 'string' || typeof pane.file !== 'string' || pane.file.includes('/'))
        p.push(`a pane entry is malformed: ${JSON.stringify(pane)}`);
  if (!Array.isArray(o.markers)) p.push('the manifest has no markers list');
  else if (o.markers.some((x, i, a) => typeof x?.time !== 'number' || (i > 0 && x.time < a[i - 1]!.time)))
    p.push('marker times must be numbers in order');
  return p;
}
