// The learner's progress, kept in the XDG state dir and written atomically:
// a kill mid-write leaves the previous or the new file, never a broken one.
// One file for all workshops, keyed by each workshop's id (its workshop.yaml),
// so npx, a global install and a clone of the same workshop resume the same
// progress, and another workshop keeps its own. Progress kept under an older
// key (the lessons folder's path, before workshops had ids) moves to the id
// the first time, silently.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { isAtomicTemp, writeFileAtomic } from '../fs/atomic-write.js';
import { ensurePrivateDir } from '../fs/private-dir.js';

export interface ChapterProgress {
  /** Ids of the steps that passed, in order. */
  readonly passed: readonly string[];
  readonly completed: boolean;
  readonly updatedAt: string;
  /** The right answer the learner typed, by question step id. */
  readonly answers?: Readonly<Record<string, string>>;
  /** What the learner predicted and what happened, by predict step id. */
  readonly predictions?: Readonly<Record<string, { readonly said?: string; readonly outcome?: string }>>;
}

export interface WorkshopProgress {
  readonly current: string | undefined;
  readonly chapters: Readonly<Record<string, ChapterProgress>>;
}

export interface ProgressFile {
  readonly version: 1;
  readonly workshops: Readonly<Record<string, WorkshopProgress>>;
}

/**
 * The shape demystify writes: anything else (a hand edit, another program) is
 * set aside, not trusted. Keep it whole: a key left out here is dropped on the
 * next write.
 */
const progressSchema = v.object({
  version: v.literal(1),
  workshops: v.record(
    v.string(),
    v.object({
      current: v.optional(v.string()),
      chapters: v.record(
        v.string(),
        v.object({
          passed: v.array(v.string()),
          completed: v.boolean(),
          updatedAt: v.string(),
          answers: v.optional(v.record(v.string(), v.string())),
          predictions: v.optional(
            v.record(v.string(), v.object({ said: v.optional(v.string()), outcome: v.optional(v.string()) })),
          ),
        }),
      ),
    }),
  ),
});

/** Which workshop: its id, and the keys its progress may still be under from before it had one. */
export interface WorkshopKey {
  readonly id: string;
  readonly formerKeys?: ((key: string) => boolean) | undefined;
}

const EMPTY: ProgressFile = { version: 1, workshops: {} };
const EMPTY_WORKSHOP: WorkshopProgress = { current: undefined, chapters: {} };

export class ProgressStore {
  /** Sentences for the learner: a progress file that was set aside, and where it went. */
  readonly notices: string[] = [];

  constructor(
    readonly file: string,
    private readonly workshopKey: string,
  ) {}

  static async open(stateDir: string, workshop: string | WorkshopKey): Promise<ProgressStore> {
    await ensurePrivateDir(stateDir);
    const key: WorkshopKey = typeof workshop === 'string' ? { id: workshop } : workshop;
    // A writer killed mid-save leaves its temp file; the real file is intact, so the temp can go.
    const names = await fs.readdir(stateDir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n.startsWith('.progress.json.') && isAtomicTemp(n))
        .map((n) => fs.rm(path.join(stateDir, n), { force: true })),
    );
    const store = new ProgressStore(path.join(stateDir, 'progress.json'), key.id);
    if (key.formerKeys) await store.adoptFormer(key.formerKeys);
    // Read once now, so a file that has to be set aside is said at the start, not at the first step.
    await store.readAll();
    return store;
  }

  /**
   * Progress under a former key becomes this workshop's, once: when there is
   * none under its id yet. Of several (two installs used before), the one
   * used last wins; all of them go.
   */
  private async adoptFormer(isFormer: (key: string) => boolean): Promise<void> {
    const { progress } = await this.readAll();
    if (progress.workshops[this.workshopKey]) return;
    const former = Object.entries(progress.workshops).filter(([k]) => k !== this.workshopKey && isFormer(k));
    if (!former.length) return;
    const last = (w: WorkshopProgress): string =>
      Object.values(w.chapters).reduce((m, c) => (c.updatedAt > m ? c.updatedAt : m), '');
    const [, chosen] = former.reduce((a, b) => (last(b[1]) > last(a[1]) ? b : a));
    const workshops = { ...progress.workshops, [this.workshopKey]: chosen };
    for (const [k] of former) delete workshops[k];
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, workshops }, null, 2) + '\n');
  }

  async readAll(): Promise<{ progress: ProgressFile; warning?: string }> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { progress: EMPTY };
      throw e;
    }
    let why: string;
    try {
      const res = v.safeParse(progressSchema, JSON.parse(text));
      if (res.success) return { progress: res.output as ProgressFile };
      const issue = res.issues[0];
      why = `${v.getDotPath(issue) ?? 'the file'}: ${issue.message}`;
    } catch (e) {
      why = `not JSON (${(e as Error).message})`;
    }
    // Only a hand edit or another program can get here (writes are atomic). Keep it for the learner, start afresh.
    const aside = `${this.file}.unreadable-${Date.now()}`;
    await fs.rename(this.file, aside);
    const warning = `your progress file was not in the shape demystify writes (${why}): it is kept as ${aside}, and progress starts afresh`;
    this.notices.push(warning);
    return { progress: EMPTY, warning };
  }

  async read(): Promise<WorkshopProgress> {
    return (await this.readAll()).progress.workshops[this.workshopKey] ?? EMPTY_WORKSHOP;
  }

  /** The last update under way: the next one starts after it, so two never read the same old file. */
  private updating: Promise<unknown> = Promise.resolve();

  /** Read, change, write; one at a time (an outcome measured in the background may save while a step does). */
  private update(fn: (w: WorkshopProgress) => WorkshopProgress | undefined): Promise<WorkshopProgress> {
    const next = this.updating.then(
      () => this.write(fn),
      () => this.write(fn),
    );
    this.updating = next;
    return next;
  }

  private async write(fn: (w: WorkshopProgress) => WorkshopProgress | undefined): Promise<WorkshopProgress> {
    const { progress } = await this.readAll();
    const next = fn(progress.workshops[this.workshopKey] ?? EMPTY_WORKSHOP);
    const workshops = { ...progress.workshops };
    if (next) workshops[this.workshopKey] = next;
    else delete workshops[this.workshopKey];
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, workshops }, null, 2) + '\n');
    return next ?? EMPTY_WORKSHOP;
  }

  /** One chapter's entry changed (made when missing); the workshop's current chapter becomes this one. */
  private updateChapter(
    chapterId: string,
    fn: (ch: ChapterProgress) => Omit<ChapterProgress, 'updatedAt'>,
  ): Promise<WorkshopProgress> {
    return this.update((w) => {
      const ch = w.chapters[chapterId] ?? { passed: [], completed: false, updatedAt: now() };
      return {
        current: chapterId,
        chapters: { ...w.chapters, [chapterId]: { ...fn(ch), updatedAt: now() } },
      };
    });
  }

  stepPassed(chapterId: string, stepId: string): Promise<WorkshopProgress> {
    return this.updateChapter(chapterId, (ch) => ({
      ...ch,
      passed: ch.passed.includes(stepId) ? ch.passed : [...ch.passed, stepId],
    }));
  }

  chapterCompleted(chapterId: string): Promise<WorkshopProgress> {
    return this.updateChapter(chapterId, (ch) => ({ ...ch, completed: true }));
  }

  /** A question answered right: what the learner typed. */
  answered(chapterId: string, stepId: string, value: string): Promise<WorkshopProgress> {
    return this.updateChapter(chapterId, (ch) => ({ ...ch, answers: { ...ch.answers, [stepId]: value } }));
  }

  /** A prediction given (`said`), or its outcome measured. */
  prediction(
    chapterId: string,
    stepId: string,
    record: { readonly said?: string; readonly outcome?: string },
  ): Promise<WorkshopProgress> {
    return this.updateChapter(chapterId, (ch) => ({
      ...ch,
      predictions: { ...ch.predictions, [stepId]: { ...ch.predictions?.[stepId], ...record } },
    }));
  }

  /** Forget one chapter, or the whole workshop when chapterId is undefined. */
  reset(chapterId?: string): Promise<WorkshopProgress> {
    return this.update((w) => {
      if (chapterId === undefined) return undefined;
      const chapters = { ...w.chapters };
      delete chapters[chapterId];
      return { current: w.current === chapterId ? undefined : w.current, chapters };
    });
  }
}

function now(): string {
  return new Date().toISOString();
}
