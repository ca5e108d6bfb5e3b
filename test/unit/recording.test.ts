// Recordings: a chapter run recorded from real panes (bash in ptys), checked
// against the asciicast v2 rules, read back, and played through the cursor
// the UI will drive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChapter } from '../../src/engine/chapter-runner.js';
import { ChapterRecorder } from '../../src/engine/recorder.js';
import { openSession, type Session } from '../../src/engine/session.js';
import { chapterDone } from '../../src/engine/step-status.js';
import { defaultVersions } from '../../src/cluster/versions.js';
import { loadWorkshop } from '../../src/lesson/load.js';
import type { Workshop } from '../../src/lesson/model.js';
import { parseAsciicast } from '../../src/recording/asciicast.js';
import type { RecordingManifest } from '../../src/recording/manifest.js';
import { PlaybackCursor, playbackEvents } from '../../src/recording/playback.js';
import { readRecording, RecordingError, type Recording } from '../../src/recording/read-recording.js';

const lessons = 'test/fixtures/workshop-replay';
let home: string;
let session: Session;
let workshop: Workshop;
let dir: string;
let manifest: RecordingManifest;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'demystify-rec-'));
  workshop = (await loadWorkshop(lessons)).workshop;
  session = await openSession({
    workspace: path.join(home, 'ws'),
    lessonsDir: lessons,
    assetsDir: 'assets',
    stateDir: path.join(home, 'state'),
    versions: defaultVersions,
  });
  // The first chapter unrecorded (its ticker is then already running), the second recorded.
  expect(chapterDone(await runChapter(workshop.chapters[0]!, { deps: session.deps }))).toBe(true);
  const second = workshop.chapters[1]!;
  dir = path.join(home, 'rec', second.meta.id);
  const recorder = await ChapterRecorder.start({ dir, chapter: second, supervisor: session.supervisor });
  const state = await runChapter(second, {
    deps: session.deps,
    onEvent: (e, _s, step) => e.type === 'started' && recorder.marker(step),
  });
  manifest = await recorder.finish({ ok: chapterDone(state) });
}, 30_000);

afterAll(async () => {
  await session?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('a recorded chapter', () => {
  it('has a manifest: chapter, panes in layout order, one marker per step', () => {
    expect(manifest.chapter).toEqual({ id: 'second', title: 'Second, builds on the first' });
    expect(manifest.panes.map((p) => [p.name, p.file, p.order])).toEqual([
      ['shell', 'shell.cast', 0],
      ['ticker', 'ticker.cast', 1],
      ['other', 'other.cast', 2],
    ]);
    expect(manifest.markers.map((m) => m.stepId)).toEqual(workshop.chapters[1]!.steps.map((s) => s.id));
    expect(manifest.result).toEqual({ ok: true });
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['second']); // no temp folder left
  });

  it('writes each pane as valid asciicast v2: header, monotonic times, known codes, every marker', () => {
    for (const pane of manifest.panes) {
      const text = fs.readFileSync(path.join(dir, pane.file), 'utf8');
      const header = JSON.parse(text.split('\n')[0]!) as Record<string, unknown>;
      expect(Object.keys(header).sort()).toEqual(['env', 'height', 'timestamp', 'title', 'version', 'width']);
      expect(header).toMatchObject({ version: 2, width: 80, height: 24, title: `second — ${pane.name}` });
      const cast = parseAsciicast(text);
      expect(cast.problems).toEqual([]);
      const times = cast.events.map((e) => e.time);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(cast.events.map((e) => e.code))).toEqual(new Set(['o', 'm']));
      expect(cast.events.filter((e) => e.code === 'm').map((e) => e.data)).toEqual(
        manifest.markers.map((m) => `${m.stepId}: ${m.label}`),
      );
    }
  });

  it('opens each already-running pane on what it had printed, and records what comes after', () => {
    const ticker = parseAsciicast(fs.readFileSync(path.join(dir, 'ticker.cast'), 'utf8'));
    expect(ticker.events[0]).toMatchObject({ time: 0, code: 'o' });
    expect(ticker.events[0]!.data).toContain('ticker ready');
    const other = parseAsciicast(fs.readFileSync(path.join(dir, 'other.cast'), 'utf8'));
    const output = other.events
      .filter((e) => e.code === 'o')
      .map((e) => e.data)
      .join('');
    expect(output).toContain('other up');
    const otherMarker = manifest.markers.find((m) => m.label.startsWith('start other'))!;
    expect(other.events.find((e) => e.code === 'o')!.time).toBeGreaterThanOrEqual(otherMarker.time);
  });

  it('reads back, merged in time order, pausing at every marker', async () => {
    const rec = await readRecording(dir);
    const events = playbackEvents(rec);
    expect(events.map((e) => e.time)).toEqual(events.map((e) => e.time).sort((a, b) => a - b));
    const cursor = new PlaybackCursor(events);
    const seen: string[] = [];
    let rounds = 0;
    while (!cursor.done && rounds++ < 100) {
      const batch = cursor.advanceTo(Number.POSITIVE_INFINITY);
      if (batch.at(-1)?.kind === 'marker') {
        expect(cursor.paused?.stepId).toBe((batch.at(-1) as { stepId: string }).stepId);
        expect(cursor.advanceTo(Number.POSITIVE_INFINITY)).toEqual([]); // stays paused
        seen.push(cursor.paused!.stepId);
      }
      cursor.resume();
    }
    expect(seen).toEqual(manifest.markers.map((m) => m.stepId));
    expect(cursor.done).toBe(true);
  });
});

describe('the playback cursor', () => {
  const rec = {
    dir: '/r',
    manifest: {
      markers: [
        { time: 1, stepId: 'a', label: 'A' },
        { time: 3, stepId: 'b', label: 'B' },
      ],
    },
    panes: [
      {
        name: 'shell',
        order: 0,
        events: [
          { time: 0.5, code: 'o', data: 's0' },
          { time: 1, code: 'o', data: 's1' },
          { time: 3.5, code: 'o', data: 's2' },
        ],
      },
      {
        name: 'etcd',
        order: 1,
        events: [
          { time: 1, code: 'o', data: 'e1' },
          { time: 2, code: 'r', data: '100x30' },
        ],
      },
    ],
  } as unknown as Recording;

  it('hands out what is due by a time, the marker first at equal times, and stops at markers', () => {
    const c = new PlaybackCursor(playbackEvents(rec));
    expect(c.advanceTo(0.9).map((e) => e.kind === 'output' && e.data)).toEqual(['s0']);
    expect(c.untilNext()).toBeCloseTo(0.1);
    expect(c.advanceTo(5).map((e) => e.kind)).toEqual(['marker']);
    expect(c.paused?.stepId).toBe('a');
    expect(c.untilNext()).toBeUndefined();
    c.resume();
    expect(c.advanceTo(5).map((e) => (e.kind === 'output' ? e.data : e.kind))).toEqual([
      's1',
      'e1',
      'resize',
      'marker',
    ]);
    c.resume();
    expect(c.advanceTo(5).map((e) => e.kind === 'output' && e.data)).toEqual(['s2']);
    expect(c.done).toBe(true);
  });

  it('seeks to a marker with everything before it, to rebuild the screens', () => {
    const c = new PlaybackCursor(playbackEvents(rec));
    const upTo = c.seekToMarker(1);
    expect(upTo.at(-1)).toMatchObject({ kind: 'marker', stepId: 'b' });
    expect(upTo).toHaveLength(6);
    expect(c.time).toBe(3);
    c.resume();
    expect(c.advanceTo(10)).toHaveLength(1);
  });
});

describe('asciicast validation', () => {
  it('names every problem with its line', () => {
    const cast = [
      '{"version":1,"width":0,"height":24}',
      '[0.5,"o","a"]',
      '[0.2,"o","b"]',
      '[0.6,"x","c"]',
      '[1,"r","wide"]',
      'nope',
      '[1,"o"]',
    ].join('\n');
    expect(parseAsciicast(cast).problems).toEqual([
      'line 1: version must be 2, not 1',
      'line 1: width must be a positive whole number',
      'line 3: time 0.2 goes back (the previous event was at 0.5)',
      'line 4: unknown event code "x" (o, i, m or r)',
      'line 5: a resize is "COLSxROWS", not "wide"',
      'line 6: not JSON',
      'line 7: an event is an array of three: [time, code, data]',
    ]);
  });

  it('refuses a recording whose pane lost a marker, listing the problem', async () => {
    const broken = path.join(home, 'broken');
    fs.cpSync(dir, broken, { recursive: true });
    const file = path.join(broken, 'ticker.cast');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !l.includes('"m"'))
        .join('\n'),
    );
    await expect(readRecording(broken)).rejects.toThrow(RecordingError);
    await expect(readRecording(broken)).rejects.toThrow(/ticker\.cast: has 0 markers, the manifest 2/);
  });
});
