// What the learner's keys make the app do: the router's view of the app, and
// the effects it asks for (run a step, move on, jump, copy, quit), carried
// out through the engine's controller. Refusals come back as sentences.
import type { ControllerState, MoveResult, WorkshopController } from '../engine/controller.js';
import type { Workshop } from '../lesson/model.js';
import type { PaneRegistry } from '../terminal/pane-registry.js';
import { openAnswer } from './answer-keys.js';
import type { ClassSeat } from './class/class-seat.js';
import { osc52 } from './copy-mode.js';
import { scrollMax, type Geometry } from './geometry.js';
import type { Effect, RouterHost } from './input-router.js';
import type { Theme } from './theme.js';
import type { UiState } from './ui-state.js';
import { isRunning } from '../terminal/types.js';

/** The parts of the running app that commands use. */
export interface AppContext {
  readonly workshop: Workshop;
  readonly controller: WorkshopController;
  readonly panes: PaneRegistry;
  readonly theme: Theme;
  ui(): UiState;
  setUi(ui: UiState): void;
  controllerState(): ControllerState;
  /** Where things are on the screen, as the last frame laid them out (one is drawn before any key is read). */
  geometry(): Geometry;
  /** Stacked, one pane on view. */
  narrow(): boolean;
  /** How far the lesson is scrolled, how many lines fit, how many there are. */
  lessonScroll(): { top: number; height: number; total: number };
  /** Bytes for the terminal besides the frames (OSC 52 for the clipboard). */
  write(bytes: string): void;
  /** Shows "stopping…" and ends the app's run. */
  quit(): void;
  /** Presenter mode: every jump restores the chapter's start, so the demo never runs on a half-built cluster. */
  readonly presenter: boolean;
  /** Presenter mode: typing speed one step faster (-1) or slower (+1); undefined outside it. */
  changeTyping(step: 1 | -1): number | undefined;
  /** The learner's seat in a class (demystify --join), or where the class keys say how to join. */
  readonly classroom: ClassSeat;
}

export function routerHost(app: AppContext): RouterHost {
  const say = (message: string): void => app.setUi({ ...app.ui(), message });
  return {
    ui: () => app.ui(),
    setUi: (ui) => app.setUi(ui),
    paneNames: () => app.panes.list().map((p) => p.name),
    geometry: () => app.geometry(),
    narrow: () => app.narrow(),
    history: (name) => app.panes.get(name)?.screen,
    writeToPane: (name, data) => {
      const pane = app.panes.get(name);
      if (!pane || !isRunning(pane.state())) return false;
      pane.write(data);
      return true;
    },
    pasteBracketed: (name) => app.panes.get(name)?.screen.modes.bracketedPaste ?? false,
    runningComponents: () =>
      app.panes
        .list()
        .filter((p) => p.name !== 'shell' && isRunning(p.state()))
        .map((p) => p.name),
    lessonScroll: () => app.lessonScroll(),
    chapterCount: () => app.workshop.chapters.length,
    helpScrollMax: () => scrollMax(app.geometry()),
    currentChapter: () => app.controllerState().chapterIndex,
    effect: (e) => void perform(app, e).catch((err: unknown) => say(`error: ${(err as Error).message}`)),
  };
}

async function perform(app: AppContext, e: Effect): Promise<void> {
  const c = app.controller;
  const s = app.controllerState();
  const refuse = (r: MoveResult): void => {
    if (!r.ok) app.setUi({ ...app.ui(), message: app.theme.warn(r.reason) });
  };
  switch (e.kind) {
    case 'flow':
      if (e.action === 'run') {
        if (s.busy) app.setUi({ ...app.ui(), message: 'a step is under way: wait for it to finish' });
        // A question or a prediction is not run: the run key opens the line its answer is typed on.
        else if (s.awaiting && s.current?.kind === 'predict')
          app.setUi({ ...app.ui(), overlay: openAnswer(s.awaiting, s.current.choices) });
        else if (s.awaiting) app.setUi({ ...app.ui(), overlay: openAnswer(s.awaiting, undefined) });
        // At the end of a chapter, "run" and "next" go on to the next chapter.
        else if (!s.current) await nextChapter(app);
        else await c.runCurrent();
      } else if (e.action === 'next') {
        if (!s.current && !s.busy) await nextChapter(app);
        else refuse(c.next());
      } else if (e.action === 'back') refuse(c.back());
      else if (e.action === 'hint') refuse(c.showHint());
      else await c.resetChapter();
      return;
    case 'jump': {
      const target = app.workshop.chapters[e.chapterIndex];
      if (!target) return;
      // A learner's workspace is replaced when the cluster is rebuilt at the chapter's start: ask first.
      const missing = c.missingFor(target.meta.id);
      if (missing.length && !app.presenter && !e.confirmed) {
        app.setUi({
          ...app.ui(),
          overlay: {
            kind: 'confirm',
            question: `${target.meta.title} needs ${missing.join(', ')} running. Rebuild the cluster at its start? The workspace is replaced by that point's (from a checkpoint, or by running the chapters before it).`,
            action: 'jump',
            chapterIndex: e.chapterIndex,
          },
        });
        return;
      }
      refuse(await c.jumpTo(target.meta.id, { reach: e.reach ?? app.presenter }));
      return;
    }
    case 'clipboard':
      app.write(osc52(e.text));
      return;
    case 'copy-step': {
      // The body as the lesson has it: what the step types into the shell (or the pane) and runs.
      const step = app.controllerState().current;
      const hasCommand = step && !['check', 'stop', 'question', 'predict'].includes(step.kind);
      const text = hasCommand ? step.body.replace(/\s+$/, '') : '';
      if (!text) return app.setUi({ ...app.ui(), message: 'this step has no command to copy' });
      app.write(osc52(text));
      const n = text.split('\n').length;
      app.setUi({
        ...app.ui(),
        message: `copied the step’s command (${n} line${n === 1 ? '' : 's'}) to the clipboard`,
      });
      return;
    }
    case 'wire':
      if (e.every) app.setUi({ ...app.ui(), wireAll: !app.ui().wireAll });
      if (!e.every || !s.wire?.open) c.toggleWire();
      return;
    case 'say':
      refuse(e.awaiting === 'answer' ? await c.answer(e.text) : await c.predict(e.text));
      return;
    case 'quit':
      app.quit();
      return;
    case 'class':
    case 'join': {
      const message = await (e.kind === 'join'
        ? app.classroom.join(e.line)
        : app.classroom.command(e.action));
      app.setUi({ ...app.ui(), message });
      return;
    }
    case 'typing': {
      const ms = app.changeTyping(e.step);
      app.setUi({
        ...app.ui(),
        message:
          ms === undefined
            ? 'typing speed is for presenter mode (demystify present)'
            : `typing ${ms} ms a character`,
      });
      return;
    }
  }
}

async function nextChapter(app: AppContext): Promise<void> {
  const next = app.workshop.chapters[app.controllerState().chapterIndex + 1];
  if (!next) return app.setUi({ ...app.ui(), message: 'that was the last chapter' });
  const r = await app.controller.jumpTo(next.meta.id);
  if (!r.ok) app.setUi({ ...app.ui(), message: app.theme.warn(r.reason) });
}
