// The learner's flow, for the UI: one chapter at a time, a cursor on the
// current step, run it (the engine types it visibly) or do it by hand and move
// on — checks gate either way: a check step starts by itself when the cursor
// reaches it and the learner moves past it only once it passed. A question
// passes only on the learner's right answer, a prediction once the learner
// gave one (`answer`, `predict`, or `answer <value>` in a shell); neither
// runs nor is skipped.
import type { Chapter, Step, Workshop } from '../lesson/model.js';
import type { Checkpoints } from './checkpoint/checkpoints.js';
import type { ProgressStore } from './progress.js';
import { reachChapterStart } from './reach-chapter.js';
import { formatReachEvent, painter } from './reach-report.js';
import type { StepDeps } from './run-step.js';
import { chapterDone, initialState, reduce, type ChapterRunState, type EngineEvent } from './step-status.js';
import {
  awaitingOf,
  judgeAnswer,
  measureReveals,
  notRunnable,
  pickPrediction,
  verdictEvents,
  waitingSentence,
  type AnswerVerdict,
} from './questions.js';
import { ShellAnswers } from './shell-answers.js';
import { chapterScope, outcomeEvent, runChapterStep, scopeOf } from './step-runner.js';
import { notRunning } from '../terminal/types.js';
import { printable } from '../text/printable.js';
import { rootUse, type RootUse } from './root-use.js';

export interface ControllerState {
  readonly chapterIndex: number;
  readonly chapter: Chapter;
  readonly run: ChapterRunState;
  /** The step the cursor is on, undefined at the end of the chapter. */
  readonly current: Step | undefined;
  /** A step is being run (only one at a time). */
  readonly busy: boolean;
  readonly hintsShown: number;
  /** A sentence for the status line (e.g. why a jump was refused). */
  readonly notice: string | undefined;
  /** A jump under way that brings the cluster to a chapter's start (restore or fast-forward). */
  readonly reaching: Reaching | undefined;
  /** What the current step waits for from the learner (answers and predictions are in `run`); absent: nothing. */
  readonly awaiting?: 'answer' | 'prediction' | undefined;
  /** The current question's worked answer (a command), once asked for after a wrong try. */
  readonly workedAnswer?: string | undefined;
  /** What the current step runs as root (its node and command): the UI shows it with the step. */
  readonly currentRoot?: RootUse | undefined;
  /** The wire view: shown or not, and the components a step asked it to show (empty: all). */
  readonly wire?: { readonly open: boolean; readonly who: readonly string[] };
  /**
   * The last step the learner left, and when they were on it (ms): "what
   * just happened" tells the audit trail's writes from `from` on (until the
   * next step's window ends, so late status writes still count).
   */
  readonly lastStep?: StepWindow | undefined;
}

export interface StepWindow {
  readonly stepId: string;
  readonly from: number;
  readonly to: number;
}

export interface Reaching {
  readonly target: string;
  /** One line per restore phase, chapter and step, as `demystify replay` prints them. */
  readonly lines: readonly string[];
  /** Set when the chapter could not be reached; the view stays until the next move. */
  readonly failed: string | undefined;
}

export type MoveResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class WorkshopController {
  private chapterIndex = 0;
  private run: ChapterRunState;
  private busy = false;
  /** The check waiting now, if the busy step is one: moving away stops it instead of being refused. */
  private waitingCheck: Promise<void> | undefined;
  private hintsShown = 0;
  private notice: string | undefined;
  private reaching: Reaching | undefined;
  private workedAnswerShown = false;
  private readonly shellAnswers: ShellAnswers;
  private abort = new AbortController();
  /** When the learner entered the current chapter (ms). */
  private chapterStartedAt: number | undefined;
  private wire: NonNullable<ControllerState['wire']> = { open: false, who: [] };
  /** Since when the cursor is on the current step. */
  private onStepSince = Date.now();
  private lastStep: StepWindow | undefined;
  private readonly listeners = new Set<(s: ControllerState) => void>();

  constructor(
    private readonly workshop: Workshop,
    private readonly deps: StepDeps,
    private readonly progress: ProgressStore,
    startAt: { chapterId?: string; passed?: readonly string[] } = {},
    /** With checkpoints, a jump to a chapter whose components are not running reaches its start instead of refusing. */
    private readonly checkpoints?: Checkpoints,
  ) {
    this.shellAnswers = new ShellAnswers(
      deps,
      (value) => void (this.state().current?.kind === 'predict' ? this.predict(value) : this.answer(value)),
      () => this.refuse('that answer was for a question you have moved away from'),
      (message) => this.refuse(`the shell's answer command will not work: ${message}`),
    );
    const i = workshop.chapters.findIndex((c) => c.meta.id === startAt.chapterId);
    this.chapterIndex = Math.max(0, i);
    // A progress file set aside at the start is said on the status line, once.
    this.notice = progress.notices.at(-1);
    // Lessons from elsewhere are named when root starts, password or not: before their first root step.
    if (deps.nodes?.origin)
      deps.nodes.root.onStart((why) => {
        this.notice = why;
        this.emit();
      });
    this.run = initialState(this.chapter(), startAt.passed ?? []);
    this.enterScope();
    this.autoCheck();
    void this.restoreSayings();
  }

  state(): ControllerState {
    const chapter = this.chapter();
    const current = chapter.steps[this.run.cursor];
    return {
      chapterIndex: this.chapterIndex,
      chapter,
      run: this.run,
      current,
      currentRoot: rootUse(current),
      busy: this.busy,
      hintsShown: this.hintsShown,
      // Sentences made of error messages and component output: printable, like the steps' (step-status.ts).
      notice: this.notice === undefined ? undefined : printable(this.notice),
      reaching: this.reaching && {
        target: this.reaching.target,
        lines: this.reaching.lines.map(printable),
        failed: this.reaching.failed === undefined ? undefined : printable(this.reaching.failed),
      },
      awaiting: awaitingOf(current, this.run),
      workedAnswer: current?.kind === 'question' && this.workedAnswerShown ? current.solution : undefined,
      wire: this.wire,
      lastStep: this.lastStep,
    };
  }

  /** Shows or hides the wire view (a key does this). */
  toggleWire(): void {
    this.wire = { ...this.wire, open: !this.wire.open };
    this.emit();
  }

  /** Narrows the wire view to these components (empty: all of them). */
  showWireOf(who: readonly string[]): void {
    this.wire = { open: true, who };
    this.emit();
  }

  subscribe(listener: (s: ControllerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs the current step (again, after a failure); a check step starts by itself. */
  async runCurrent(): Promise<void> {
    const step = this.state().current;
    if (!step || this.busy) return;
    const awaiting = awaitingOf(step, this.run);
    if (awaiting) {
      this.refuse(notRunnable(awaiting));
      return;
    }
    await this.start(step);
  }

  /** Moves on past a step the learner did by hand; a check must have passed. */
  next(): MoveResult {
    const step = this.state().current;
    if (!step) return this.refuse('this is the end of the chapter: pick the next chapter');
    if (this.busy && !this.waitingCheck) return this.refuse('wait for the current step to finish');
    if (step.kind === 'check' && this.run.steps[step.id]?.kind !== 'passed') {
      return this.refuse('this check has not passed yet: it gates the way on');
    }
    const awaiting = awaitingOf(step, this.run);
    if (awaiting) return this.refuse(notRunnable(awaiting));
    this.apply({ type: 'moved', cursor: this.run.cursor + 1 });
    this.forgetHints();
    // Done by hand is done: what it reveals is measured now.
    void this.reveal(step);
    this.autoCheck();
    return { ok: true };
  }

  back(): MoveResult {
    if (this.waitingCheck && this.busy && this.run.cursor > 0) {
      // A waiting check does not hold the learner: it stops, then the cursor moves.
      const settled = this.waitingCheck;
      this.stopChecks();
      void settled.then(() => this.back());
      return { ok: true };
    }
    if (this.busy) return this.refuse('wait for the current step to finish');
    if (this.run.cursor === 0) return this.refuse('this is the first step of the chapter');
    this.apply({ type: 'moved', cursor: this.run.cursor - 1 });
    this.forgetHints();
    this.autoCheck();
    return { ok: true };
  }

  showHint(): MoveResult {
    const step = this.state().current;
    // After a question's own hints: its worked answer, once the learner has tried.
    if (step?.kind === 'question' && this.hintsShown >= step.hints.length) {
      if (!this.run.answers[step.id]?.wrongTries)
        return this.refuse(
          `${step.hints.length ? 'no more hints' : 'no hint yet'}: the worked answer shows after a first wrong try`,
        );
      this.workedAnswerShown = true;
      this.notice = `the worked answer: run \`${step.solution}\` and read the value off its output`;
      this.emit();
      return { ok: true };
    }
    if (!step?.hints.length) return this.refuse('this step has no hint');
    this.hintsShown = Math.min(this.hintsShown + 1, step.hints.length);
    this.emit();
    return { ok: true };
  }

  /** The learner's answer to the current question, judged against the truth its answer command reads now. */
  async answer(text: string): Promise<MoveResult> {
    const step = this.state().current;
    if (step?.kind !== 'question' || !awaitingOf(step, this.run))
      return this.refuse('no question is waiting for an answer here');
    if (this.busy) return this.refuse('wait: the last answer is still being checked');
    const value = text.trim().slice(0, 200);
    if (!value) return this.refuse('type the value you read off the output');
    this.busy = true;
    this.notice = undefined;
    const started = Date.now();
    this.apply({ type: 'started', stepId: step.id, detail: `checking ${value}` });
    const verdict = await judgeAnswer(
      step,
      scopeOf(this.deps, this.chapter()),
      () => value,
      this.abort.signal,
    ).catch((e: unknown): AnswerVerdict => ({ kind: 'unknown', reason: (e as Error).message }));
    this.busy = false;
    const told = verdictEvents(step, verdict, Date.now() - started);
    for (const e of told.events) this.apply(e);
    if (!told.ok) return { ok: false, reason: told.reason };
    await this.progress.answered(this.run.chapterId, step.id, value);
    await this.stepDone(step);
    return { ok: true };
  }

  /** The learner's prediction for the current predict step: recorded, and the way on is open. */
  async predict(text: string): Promise<MoveResult> {
    const step = this.state().current;
    if (step?.kind !== 'predict' || !awaitingOf(step, this.run))
      return this.refuse('no prediction is asked for here');
    if (this.busy) return this.refuse('wait for the current step to finish');
    const pick = pickPrediction(step, text);
    if (!pick.ok) return this.refuse(pick.reason);
    this.notice = undefined;
    this.apply({ type: 'predicted', stepId: step.id, said: pick.value });
    this.apply({ type: 'passed', stepId: step.id, detail: `you said ${pick.value}`, ms: 0 });
    await this.progress.prediction(this.run.chapterId, step.id, { said: pick.value });
    await this.stepDone(step);
    return { ok: true };
  }

  /**
   * Another chapter. When the components it needs are not running, its start
   * is reached first (a checkpoint restored, or the chapters before it run
   * headless); without checkpoints the jump is refused with the reason.
   */
  async jumpTo(
    chapterId: string,
    /** reach: even when what it needs runs; fastForward: ignore checkpoints while reaching. */
    opts: { reach?: boolean; fastForward?: boolean } = {},
  ): Promise<MoveResult> {
    const i = this.workshop.chapters.findIndex((c) => c.meta.id === chapterId);
    const target = this.workshop.chapters[i];
    if (!target) return this.refuse(`there is no chapter ${chapterId}`);
    await this.stopWaitingCheck();
    if (this.busy) return this.refuse('wait for the current step to finish');
    const missing = this.missingFor(chapterId);
    if ((missing.length || opts.reach) && this.checkpoints) {
      const reached = await this.reach(target, opts.fastForward ?? false);
      if (!reached.ok) return reached;
    } else if (missing.length) {
      return this.refuse(
        `${target.meta.title} needs ${missing.join(', ')} running: do the earlier chapters first (or demystify replay ${target.meta.id})`,
      );
    }
    this.stopChecks();
    const saved = (await this.progress.read()).chapters[chapterId];
    this.chapterIndex = i;
    this.run = initialState(target, saved?.passed ?? [], saved ?? {});
    this.forgetHints();
    this.notice = undefined;
    this.reaching = undefined;
    this.enterScope();
    await this.checkpointOnEntry(i, saved?.passed.length ?? 0);
    this.autoCheck();
    return { ok: true };
  }

  /** Components a chapter needs that are not running now (a jump there must rebuild the cluster first). */
  missingFor(chapterId: string): string[] {
    const target = this.workshop.chapters.find((c) => c.meta.id === chapterId);
    return notRunning(this.deps.supervisor, target?.meta.requires ?? []);
  }

  private async reach(target: Chapter, fastForward: boolean): Promise<MoveResult> {
    this.stopChecks();
    this.busy = true;
    const plain = painter(false);
    const lines: string[] = [];
    this.reaching = { target: target.meta.id, lines, failed: undefined };
    this.emit();
    // A fast-forward is not a demo: no typing out, whatever presenter mode set.
    const typing = this.deps.shell.typingMs;
    this.deps.shell.typingMs = 0;
    const result = await reachChapterStart({
      workshop: this.workshop,
      chapterId: target.meta.id,
      deps: this.deps,
      checkpoints: this.checkpoints!,
      useCheckpoints: !fastForward,
      signal: this.abort.signal,
      onEvent: (e) => {
        const line = formatReachEvent(e, plain);
        if (line === undefined) return;
        lines.push(...line.split('\n'));
        this.reaching = { target: target.meta.id, lines: [...lines], failed: undefined };
        this.emit();
      },
    })
      .catch((e: unknown) => ({ ok: false as const, reason: (e as Error).message, ms: 0 }))
      .finally(() => (this.deps.shell.typingMs = typing));
    this.busy = false;
    if (result.ok) return { ok: true };
    this.reaching = { target: target.meta.id, lines: [...lines], failed: result.reason };
    return this.refuse(`could not reach the start of ${target.meta.id}: ${result.reason}`);
  }

  /**
   * A chapter entered before any of its steps ran, with every chapter before
   * it completed in this workspace, is a true chapter start: save it, so a
   * later jump back here is a restore rather than a fast-forward.
   */
  private async checkpointOnEntry(index: number, passedHere: number): Promise<void> {
    if (!this.checkpoints || passedHere > 0 || this.checkpoints.cannotSave()) return;
    const id = this.workshop.chapters[index]!.meta.id;
    const p = await this.progress.read();
    const before = this.workshop.chapters.slice(0, index);
    if (!before.every((c) => p.chapters[c.meta.id]?.completed)) return;
    if (await this.checkpoints.find(id)) return;
    // Busy while saving: a step run now would change the cluster under the snapshot.
    this.busy = true;
    this.notice = `saving a checkpoint of the start of ${id}…`;
    this.emit();
    try {
      await this.checkpoints.save(id);
      this.notice = undefined;
    } catch (e) {
      this.notice = `could not save a checkpoint of ${id}: ${(e as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  async resetChapter(): Promise<void> {
    await this.stopWaitingCheck();
    if (this.busy) return;
    this.stopChecks();
    await this.progress.reset(this.chapter().meta.id);
    this.apply({ type: 'reset' });
    this.autoCheck();
  }

  private async stopWaitingCheck(): Promise<void> {
    const settled = this.waitingCheck;
    if (!settled) return;
    this.stopChecks();
    await settled;
  }

  /** Stops whatever checks are waiting (on quit or chapter change). */
  stopChecks(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  private chapter(): Chapter {
    const c = this.workshop.chapters[this.chapterIndex];
    if (!c) throw new Error('the workshop has no chapters');
    return c;
  }

  /** The chapter's variables in the learner's shell from now on, for what they type by hand too. */
  private enterScope(): void {
    const chapter = this.chapter();
    if (chapter.meta.needsInternet && this.deps.offline)
      this.notice = `this chapter needs the internet, and ${this.deps.offline}: its downloads will fail`;
    // An audit check counts what happened from here on.
    this.chapterStartedAt = Date.now();
    chapterScope(this.deps, chapter).catch((e: unknown) =>
      this.refuse(`could not give the shell this chapter's variables: ${(e as Error).message}`),
    );
  }

  private autoCheck(): void {
    const step = this.state().current;
    this.awaitLearner(step);
    if (step?.kind === 'check' && this.run.steps[step.id]?.kind !== 'passed' && !this.busy)
      void this.start(step);
    else this.emit();
  }

  private start(step: Step): Promise<void> {
    const running = this.execute(step);
    if (step.kind !== 'check') return running;
    this.waitingCheck = running;
    return running.finally(() => {
      if (this.waitingCheck === running) this.waitingCheck = undefined;
    });
  }

  private async execute(step: Step): Promise<void> {
    this.busy = true;
    this.notice = undefined;
    // A step that shows the conversation it starts opens the wire view (`{wire}`).
    if (step.wire) this.wire = { open: true, who: step.wire };
    const signal = this.abort.signal;
    const deps = { ...this.deps, chapterStartedAt: this.chapterStartedAt };
    const { outcome, ms } = await runChapterStep(this.chapter(), step, deps, {
      signal,
      fire: (event) => this.apply(event),
    });
    this.busy = false;
    if (signal.aborted && !outcome.ok) {
      this.apply({ type: 'moved', cursor: this.run.cursor });
      return;
    }
    this.apply(outcomeEvent(step, outcome, ms));
    if (outcome.ok) await this.stepDone(step);
  }

  /** After a step passed: progress saved, what it reveals measured, the next step under way if it starts by itself. */
  private async stepDone(step: Step): Promise<void> {
    await this.progress.stepPassed(this.run.chapterId, step.id);
    if (chapterDone(this.run)) await this.progress.chapterCompleted(this.run.chapterId);
    this.forgetHints();
    void this.reveal(step);
    this.autoCheck();
    await this.shellAnswers.settled();
  }

  private forgetHints(): void {
    this.hintsShown = 0;
    this.workedAnswerShown = false;
  }

  /** A question or prediction under the cursor waits for the learner: its status says so, `answer` in a shell takes it. */
  private awaitLearner(step: Step | undefined): void {
    const waits = awaitingOf(step, this.run);
    this.shellAnswers.await(waits && step ? `${this.run.chapterId}/${step.id}` : undefined);
    if ((step?.kind === 'question' || step?.kind === 'predict') && this.run.steps[step.id]?.kind === 'todo')
      this.run = reduce(this.run, { type: 'waiting', stepId: step.id, waiting: waitingSentence(step) });
  }

  /** The outcome of each prediction this step reveals, measured now that the step is done. */
  private async reveal(step: Step): Promise<void> {
    const chapter = this.chapter();
    const measured = await measureReveals(chapter, step.id, scopeOf(this.deps, chapter));
    // The learner may have gone to another chapter meanwhile: its state is not this one's.
    if (this.run.chapterId !== chapter.meta.id) return;
    for (const m of measured) {
      this.apply(m.event);
      if (m.event.outcome !== undefined)
        await this.progress.prediction(chapter.meta.id, m.step.id, { outcome: m.event.outcome });
    }
  }

  /** Answers and predictions of the starting chapter kept from an earlier session. */
  private async restoreSayings(): Promise<void> {
    const id = this.run.chapterId;
    const saved = (await this.progress.read().catch(() => undefined))?.chapters[id];
    if (!saved || this.run.chapterId !== id) return;
    const kept = initialState(this.chapter(), [], saved);
    this.run = {
      ...this.run,
      answers: { ...kept.answers, ...this.run.answers },
      predictions: { ...kept.predictions, ...this.run.predictions },
    };
    this.emit();
  }

  private apply(event: EngineEvent): void {
    const before = this.run;
    this.run = reduce(this.run, event);
    if (this.run.cursor !== before.cursor || this.run.chapterId !== before.chapterId) {
      // The learner left a step: its window of the audit trail closes now.
      const left = before.stepIds[before.cursor];
      const now = Date.now();
      if (left) this.lastStep = { stepId: left, from: this.onStepSince, to: now };
      this.onStepSince = now;
    }
    this.emit();
  }

  private refuse(reason: string): MoveResult {
    this.notice = reason;
    this.emit();
    return { ok: false, reason };
  }

  private emit(): void {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }
}
