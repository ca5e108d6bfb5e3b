// `demystify play <recording> --print`: a recorded chapter without the UI
// (play-ui.ts plays it in panes), through the same reader and cursor: the
// steps in order, with their times, then the last screenful of each pane as
// plain text.
import { formatDuration } from '../lesson/duration.js';
import { PlaybackCursor, playbackEvents } from '../recording/playback.js';
import {
  findRecordings,
  readRecording,
  RecordingError,
  type Recording,
} from '../recording/read-recording.js';
import { stripAnsi } from '../terminal/ansi-lines.js';
import { CliError, EXIT } from './cli-error.js';

export interface PlayOptions {
  readonly print?: boolean;
  /** Lines of each pane to print; default: the pane's height. */
  readonly lines?: number;
}

export async function playCommand(
  dir: string,
  write: (s: string) => void,
  opts: PlayOptions = {},
): Promise<number> {
  if (!opts.print)
    throw new CliError(
      'playing a recording in panes needs a terminal (stdin and stdout a TTY, CI unset); elsewhere print it: demystify play DIR --print',
    );
  const dirs = await findRecordings(dir);
  if (!dirs.length)
    throw new CliError(
      `${dir} holds no recording: a recording is a folder with a manifest.json (demystify test --record DIR writes them)`,
    );
  for (const d of dirs) {
    let rec: Recording;
    try {
      rec = await readRecording(d);
    } catch (e) {
      if (e instanceof RecordingError) throw new CliError(e.message);
      throw e;
    }
    printRecording(rec, write, opts.lines);
  }
  return EXIT.ok;
}

function printRecording(rec: Recording, write: (s: string) => void, lines: number | undefined): void {
  const m = rec.manifest;
  const result = m.result ? (m.result.ok ? 'passed' : 'failed') : 'unfinished';
  write(
    `${m.chapter.id} — ${m.chapter.title}  (${formatDuration(Math.round(m.duration * 1000))}, ${rec.panes.length} panes, ${m.markers.length} steps, ${result})`,
  );
  // Straight through the cursor, stopping at each marker as a player would.
  const cursor = new PlaybackCursor(playbackEvents(rec));
  const text = new Map<string, string[]>(rec.panes.map((p) => [p.name, []]));
  while (!cursor.done) {
    for (const e of cursor.advanceTo(Number.POSITIVE_INFINITY)) {
      if (e.kind === 'output') text.get(e.pane)?.push(e.data);
      else if (e.kind === 'marker') write(`  ${formatClock(e.time).padStart(8)}  ${e.stepId}: ${e.label}`);
    }
    cursor.resume();
  }
  for (const pane of rec.panes) {
    const n = lines ?? pane.height;
    const all = stripAnsi((text.get(pane.name) ?? []).join(''))
      .split('\n')
      .map((l) => l.trimEnd());
    while (all.length && all.at(-1) === '') all.pop();
    write('');
    write(`── ${pane.name} (${pane.file}, last ${Math.min(n, all.length)} of ${all.length} lines)`);
    for (const l of all.slice(-n)) write(`  ${l}`);
  }
  write('');
}

function formatClock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${String(Math.floor((seconds - s) * 10))}`;
}
