// `demystify list` and the overview `demystify` prints until the UI exists:
// the chapters, with the learner's progress.
import { ProgressStore } from '../engine/progress.js';
import type { Workshop } from '../lesson/model.js';
import { workshopKey, type Resolved } from './options.js';

export async function chapterTable(workshop: Workshop, r: Resolved): Promise<string[]> {
  const store = await ProgressStore.open(r.stateDir, workshopKey(r));
  for (const n of store.notices) process.stderr.write(`demystify: ${n}\n`);
  const progress = await store.read();
  const width = Math.max(...workshop.chapters.map((c) => c.meta.id.length));
  return workshop.chapters.map((c, n) => {
    const p = progress.chapters[c.meta.id];
    const mark = p?.completed ? '✓' : p && p.passed.length ? '…' : ' ';
    const done = p && !p.completed ? ` (${p.passed.length}/${c.steps.length} steps)` : '';
    const time = c.meta.minutes ? ` ~${c.meta.minutes} min` : '';
    const current = progress.current === c.meta.id && !p?.completed ? '  ← you are here' : '';
    return `${mark} ${String(n).padStart(2)}  ${c.meta.id.padEnd(width)}  ${c.meta.title}${time}${done}${current}`;
  });
}

export async function listCommand(
  workshop: Workshop,
  r: Resolved,
  write: (s: string) => void,
): Promise<void> {
  for (const line of await chapterTable(workshop, r)) write(line);
}

export async function overviewCommand(
  workshop: Workshop,
  r: Resolved,
  write: (s: string) => void,
): Promise<void> {
  const { title, tagline } = workshop.meta;
  write(tagline ? `${title} — ${tagline}.` : title);
  write('');
  await listCommand(workshop, r, write);
  write('');
  write('Run one chapter headless:  demystify test <chapter>');
  write('Check this machine:        demystify doctor');
  write('Get the binaries:          demystify fetch');
  write('Everything else:           demystify --help');
}
