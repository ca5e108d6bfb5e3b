// `answer <value>` in a shell, heard by the controller. The shells' rc file
// (shell-rc.ts) reads a token from a file and sends it with the value in an
// OSC 133 mark; the token says which question (or prediction) waited when
// the learner typed, so an answer meant for one the learner has left is not
// taken for the next. The learner's shell and every node's shell answer
// alike.
import type { StepDeps } from './run-step.js';
import type { LearnerShell } from './shell.js';

/** Unique in this process, and apart from another session's. */
const SESSION = Math.random().toString(36).slice(2, 8);
let tokens = 0;

export class ShellAnswers {
  private awaited: { readonly key: string; readonly token: string } | undefined;
  /** Whether the token file says what this controller awaits (an earlier session's may be there). */
  private written = false;
  /** Writes one after the other: the file ends with the last word. */
  private writing: Promise<void> = Promise.resolve();
  private readonly heard = new WeakSet<LearnerShell>();

  constructor(
    private readonly deps: Pick<StepDeps, 'shell' | 'nodes'>,
    /** A value for what waits now. */
    private readonly onAnswer: (value: string) => void,
    /** A value for something that no longer waits, or that this controller never asked. */
    private readonly onStale: () => void,
    /** The token file could not be written: `answer` will say nothing waits. */
    private readonly onError: (message: string) => void,
  ) {}

  /** From now on `answer` answers what `key` names (a chapter's step), or nothing. */
  await(key: string | undefined): void {
    if (this.written && this.awaited?.key === key) return;
    this.written = true;
    this.awaited = key ? { key, token: `${SESSION}-${++tokens}` } : undefined;
    const nodes = this.deps.nodes;
    for (const shell of [this.deps.shell, ...(nodes?.names() ?? []).map((n) => nodes?.shell(n))])
      this.listen(shell);
    const token = this.awaited?.token;
    this.writing = this.writing
      .then(() => this.deps.shell.awaitAnswer(token))
      .catch((e: unknown) => this.onError((e as Error).message));
  }

  /** Once the token file says what waits now. */
  settled(): Promise<void> {
    return this.writing;
  }

  private listen(shell: LearnerShell | undefined): void {
    if (!shell || this.heard.has(shell)) return;
    this.heard.add(shell);
    shell.onMark((m) => {
      if (m.kind !== 'answer') return;
      // Another controller's token (tests open several on one shell) is none of this one's business.
      if (m.token === this.awaited?.token) this.onAnswer(m.value);
      else if (this.awaited) this.onStale();
    });
  }
}
