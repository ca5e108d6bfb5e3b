// The typed model of a workshop: what a lesson file means once parsed.
// Pure data: no I/O, no terminal. Everything carries its source position so
// the engine and the UI can point back into the Markdown.
import type { ActionParams } from './action-schema.js';
import type { CheckSpec } from './check-model.js';
import type { ClusterAccess } from './cluster-access.js';
import type { WorkshopMeta } from './workshop-manifest.js';

export interface SourcePos {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface ChapterMeta {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** Components (pane names) that earlier chapters must have left running. */
  readonly requires: readonly string[];
  /** Estimated minutes for a learner. */
  readonly minutes: number | undefined;
  readonly needsRoot: boolean;
  /** Why the chapter needs root, in the chapter's words (`root: <sentence>`); shown when the password is asked. */
  readonly rootReason?: string | undefined;
  readonly needsInternet: boolean;
  /** Extra variables the chapter defines for its steps (`${NAME}`). */
  readonly vars: Readonly<Record<string, string>>;
  /** A script in the assets folder that undoes what this chapter's components leave on the host. */
  readonly teardown?: string | undefined;
  /** Where each front matter key is written, for problems found later (a teardown script that is missing). */
  readonly keyPositions: Readonly<Record<string, SourcePos>>;
}

/** The workshop's nodes, node-0 to node-9: the number decides the node's address and Pod range. */
export const NODE_NAME = /^node-\d$/;

/** How long a step may take when its fence gives no `timeout=` (docs/lesson-format.md). */
export const DEFAULT_TIMEOUT_MS = {
  shell: 120_000,
  component: 60_000,
  check: 60_000,
  apply: 30_000,
} as const;

/** A readiness probe; its text (host, URL, files, pattern) may hold ${NAME} variables. */
export type ProbeSpec =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'https';
      readonly url: string;
      readonly ca?: string;
      readonly cert?: string;
      readonly key?: string;
      /** False only with the `insecure-skip-tls-verify` attribute: then the screen says so. */
      readonly verifyTls: boolean;
    }
  | { readonly kind: 'log'; readonly pattern: string };

interface StepBase {
  /** Unique within the chapter; from `id=` or `<n>` in order. */
  readonly id: string;
  readonly pos: SourcePos;
  /** The fence's language word, e.g. "sh" or "yaml". */
  readonly lang: string;
  /** The fence body exactly as written. */
  readonly body: string;
  /** Markdown between the previous step and this one: the step's explanation. */
  readonly explanation: string;
  readonly hints: readonly string[];
  readonly notes: readonly string[];
  /** Millisecond budget for the step (and its readiness or check). */
  readonly timeoutMs: number | undefined;
  /**
   * `{wire}`: the wire view opens when the step starts, showing these
   * components only (`wire=scheduler`), or all of them (empty).
   */
  readonly wire?: readonly string[] | undefined;
}

/** A one-shot command typed into the learner's shell. */
export interface ShellStep extends StepBase {
  readonly kind: 'shell';
  readonly expect: 'success' | 'fail';
  /** Typed into this node's root shell instead of the learner's own (`node=node-0`). */
  readonly node: string | undefined;
}

/** A long-running component in its own pane. */
export interface ComponentStep extends StepBase {
  readonly kind: 'component';
  readonly pane: string;
  /** Runs as root inside this node of the workshop (`node=node-0`); without it, as the learner. */
  readonly node: string | undefined;
  readonly ready: ProbeSpec | undefined;
  /** 'fail': the component is started wrong on purpose and must exit non-zero (or print `ready`'s log line). */
  readonly expect: 'ready' | 'fail';
}

/** Writes the body into the workspace. */
export interface FileStep extends StepBase {
  readonly kind: 'file';
  /** Relative to the workspace. */
  readonly path: string;
  readonly mode: number;
}

/** Applies the body (one or more YAML documents) to the cluster. */
export interface ApplyStep extends StepBase {
  readonly kind: 'apply';
}

export type ActionName = 'pki' | 'kubeconfig' | 'images' | 'node';

/** A built-in action where a library replaces a tool (cfssl, kubectl config). */
export interface ActionStep extends StepBase {
  readonly kind: 'action';
  readonly action: ActionName;
  readonly params: ActionParams;
}

/** A verification that gates progress. */
export interface CheckStep extends StepBase {
  readonly kind: 'check';
  readonly check: CheckSpec;
}

/** Stops a running component (e.g. before starting it again with other flags). */
export interface StopStep extends StepBase {
  readonly kind: 'stop';
  readonly pane: string;
}

/** How a typed answer is compared with the true value (see answer-form.ts). */
export type AnswerForm = 'text' | 'number' | 'word';

/**
 * A value the learner reads off real output and types; the workshop never
 * fills it in. Its commands run like a command check's (bash -c in the
 * workspace, or as root on the node `on:` names).
 */
export interface QuestionStep extends StepBase {
  readonly kind: 'question';
  readonly ask: string;
  /** Run when an answer is given: its trimmed stdout is the truth. */
  readonly answer: string;
  /** The worked answer, a command the learner could run: a hint after a first wrong try; what headless test "types". */
  readonly solution: string;
  readonly form: AnswerForm;
  readonly on: string | undefined;
}

/** "What will happen when ...?": asked before an action, revealed after it; a wrong prediction never blocks. */
export interface PredictStep extends StepBase {
  readonly kind: 'predict';
  readonly ask: string;
  /** The answers to pick from; undefined: the learner types free text. */
  readonly choices: readonly string[] | undefined;
  /** Run after the `reveal` step passed: its trimmed stdout is what happened. */
  readonly outcome: string;
  /** The id of a later step of the chapter (by default the first check after the prediction). */
  readonly reveal: string;
  /** One sentence on why it happened, shown with the outcome. */
  readonly why: string;
  /** What the lesson says will happen: headless test fails if the outcome differs (lesson drift). */
  readonly expect: string | undefined;
  readonly on: string | undefined;
}

export type Step =
  | ShellStep
  | ComponentStep
  | FileStep
  | ApplyStep
  | ActionStep
  | CheckStep
  | StopStep
  | QuestionStep
  | PredictStep;
export type StepKind = Step['kind'];

/** A chapter in reading order: prose and steps interleaved, for rendering. */
export type Segment =
  | { readonly kind: 'prose'; readonly markdown: string; readonly line: number }
  | { readonly kind: 'step'; readonly step: Step };

export interface Chapter {
  readonly file: string;
  readonly meta: ChapterMeta;
  readonly segments: readonly Segment[];
  readonly steps: readonly Step[];
  /** Presenter notes after the last step. */
  readonly closingNotes: readonly string[];
  /** Components this chapter starts (pane names, a node's shell under the node's name), in order. */
  readonly starts: readonly string[];
}

export interface Workshop {
  readonly dir: string;
  /** Its identity, title and language (workshop.yaml, or what its folder gives). */
  readonly meta: WorkshopMeta;
  /** The language the chapters are shown in: meta.language, or a translation's. */
  readonly language: string;
  /** The languages it has translations in (lessons/<language>/). */
  readonly languages: readonly string[];
  readonly chapters: readonly Chapter[];
  /** Where the checks find the admin kubeconfig and the etcd client certificate. */
  readonly access: ClusterAccess;
}
