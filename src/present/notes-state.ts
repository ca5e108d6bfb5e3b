// What the notes terminal shows, built from the main screen's state: the
// current and the next step with their presenter notes, the chapter's closing
// notes, each component's state and each check's status. Pure.
import type { ControllerState } from '../engine/controller.js';
import { stepLabel, type StepStatus } from '../engine/step-status.js';
import type { Step, Workshop } from '../lesson/model.js';
import type { ComponentState } from '../terminal/types.js';
import type { NotesState, NotesStep } from './protocol.js';

function statusDetail(s: StepStatus | undefined): string | undefined {
  if (s?.kind === 'waiting') return s.waiting;
  if (s?.kind === 'failed') return s.reason.split('\n')[0];
  return undefined;
}

function notesStep(step: Step | undefined, index: number, c: ControllerState): NotesStep | undefined {
  if (!step) return undefined;
  const st = c.run.steps[step.id];
  return {
    index,
    id: step.id,
    label: stepLabel(step),
    status: st?.kind ?? 'todo',
    detail: statusDetail(st),
    command: notesCommand(step),
    notes: step.notes,
  };
}

/** What the presenter runs for a step; for a question, the worked answer (the presenter's eyes only). */
function notesCommand(step: Step): string {
  if (step.kind === 'stop') return `(stop ${step.pane})`;
  if (step.kind === 'question') return `${step.solution}   # the worked answer`;
  if (step.kind === 'predict') return `(ask the room: ${step.choices?.join(' / ') ?? 'free answer'})`;
  return step.body.replace(/\s+$/, '');
}

export function componentWord(s: ComponentState): string {
  if (s.kind === 'ready') return 'running';
  if (s.kind === 'exited') return `exited (${s.code})`;
  if (s.kind === 'crashed') return `crashed (${s.code ?? s.signal})`;
  return s.kind;
}

export function notesState(
  workshop: Workshop,
  c: ControllerState,
  components: readonly { readonly name: string; readonly state: ComponentState }[],
  typingMs: number,
): NotesState {
  const i = c.run.cursor;
  const steps = c.chapter.steps;
  const last = c.reaching?.lines.at(-1);
  return {
    type: 'state',
    chapter: {
      index: c.chapterIndex,
      id: c.chapter.meta.id,
      title: c.chapter.meta.title,
      count: workshop.chapters.length,
    },
    chapters: workshop.chapters.map((ch) => ({ id: ch.meta.id, title: ch.meta.title })),
    stepCount: steps.length,
    step: notesStep(steps[i], i, c),
    next: notesStep(steps[i + 1], i + 1, c),
    closingNotes: c.chapter.closingNotes,
    components: components
      .filter((x) => x.name !== 'shell')
      .map((x) => ({ name: x.name, state: componentWord(x.state) })),
    checks: steps
      .filter((s) => s.kind === 'check')
      .map((s) => ({ id: s.id, label: stepLabel(s), status: c.run.steps[s.id]?.kind ?? 'todo' })),
    typingMs,
    notice: c.notice,
    reaching: c.reaching ? { target: c.reaching.target, last, failed: c.reaching.failed } : undefined,
  };
}
