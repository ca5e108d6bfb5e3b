// `demystify play <recording>` on a terminal: each recorded chapter played in
// the workshop UI's panes, one after the other, with the lesson text of the
// chapter when the workshop (--lessons) has it.
import type { Workshop } from '../lesson/model.js';
import { findRecordings, readRecording, RecordingError } from '../recording/read-recording.js';
import { PlayerApp } from '../ui/player-app.js';
import { ScreenLoop } from '../ui/screen-loop.js';
import { processTerminal } from '../ui/terminal-io.js';
import { CliError, EXIT } from './cli-error.js';
import { loadFor } from './load-lessons.js';
import type { Resolved } from './options.js';

export async function playUiCommand(dir: string, r: Resolved): Promise<number> {
  const dirs = await findRecordings(dir);
  if (!dirs.length)
    throw new CliError(
      `${dir} holds no recording: a recording is a folder with a manifest.json (demystify test --record DIR writes them)`,
    );
  // The lesson text is a bonus: a workshop that does not load only means no text.
  const workshop: Workshop | undefined = await loadFor(r).then(
    (l) => l.workshop,
    () => undefined,
  );
  const recordings = [];
  for (const d of dirs) {
    try {
      recordings.push(await readRecording(d));
    } catch (e) {
      if (e instanceof RecordingError) throw new CliError(e.message);
      throw e;
    }
  }
  const terminal = processTerminal();
  terminal.enter();
  const loop = new ScreenLoop(terminal, { color: r.color });
  try {
    for (const recording of recordings) {
      const index = workshop?.chapters.findIndex((c) => c.meta.id === recording.manifest.chapter.id) ?? -1;
      const chapter = index >= 0 ? { chapter: workshop!.chapters[index]!, index } : undefined;
      const app = new PlayerApp({ recording, chapter, terminal, loop, color: r.color });
      let how;
      try {
        how = await app.run();
      } finally {
        app.stop();
      }
      if (how === 'quit') break;
    }
  } finally {
    loop.stop();
    terminal.leave();
  }
  return EXIT.ok;
}
