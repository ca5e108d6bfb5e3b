// The learner's persistent shell: one interactive bash in a pty, shared by
// the engine and the learner, so `export` and `cd` carry over between steps.
// The engine "types" a step with bracketed paste (the whole step arrives as
// one edit, multi-line scripts and heredocs included) and learns its exit
// status from the OSC 133 markers our rc file prints before each prompt.
import fs from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { isRunning, type Component, type Supervisor } from '../terminal/types.js';
import { MarkScanner, type FailedCommand, type ShellMark } from './osc133.js';
import { chapterVarsScript, shellRc } from './shell-rc.js';

export type ShellResult =
  | {
      readonly kind: 'done';
      readonly status: number;
      readonly failedCommands: boolean;
      /** The first command that failed, when one did (a step of several commands may go on after it). */
      readonly firstFailure?: FailedCommand;
      readonly output: string;
    }
  | { readonly kind: 'timeout'; readonly output: string }
  | { readonly kind: 'shell-exited'; readonly output: string };

export interface ShellOptions {
  readonly supervisor: Supervisor;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where the rc file goes (the state dir). */
  readonly rcDir: string;
  /** The pane's name; "shell" (the learner's own) unless this is a node's root shell. */
  readonly name?: string;
  /** A node's root shell: runs inside that node, as root. */
  readonly node?: string;
  readonly cols?: number;
  readonly rows?: number;
}

const PASTE_START = '\x1b[200~';
const NODE_ENV_FILE = '/run/demystify/shell-env';
/** root@node-0:~# in red: a root shell on another machine should not look like the learner's own. */
const nodePrompt = "PS1='\\[\\e[1;31m\\]root@\\h\\[\\e[0m\\]:\\[\\e[1;34m\\]\\w\\[\\e[0m\\]# '";
const PASTE_END = '\x1b[201~';

export class LearnerShell {
  private readonly scanner = new MarkScanner();
  private readonly markListeners = new Set<(m: ShellMark) => void>();
  private busy = false;
  private chapterVars = '';
  private varsVersion = 0;
  private varsWritten: Promise<void> = Promise.resolve();

  private constructor(
    readonly component: Component,
    /** Where each prompt writes the shell's exported variables (see shellRc). */
    private readonly envFile: string,
    /** The chapter's variables, loaded by the shell before its next command line (see shellRc). */
    private readonly varsFile: string,
    /** The token of what waits for `answer <value>`; one file for the learner's shell and the nodes' (see shellRc). */
    private readonly answerFile: string,
  ) {
    component.onData((chunk) => {
      for (const m of this.scanner.push(chunk)) for (const l of this.markListeners) l(m);
    });
  }

  static async start(opts: ShellOptions): Promise<LearnerShell> {
    const name = opts.name ?? 'shell';
    const rc = path.join(opts.rcDir, `${name}rc.bash`);
    // A node's shell is root's, inside the node: it keeps its exported variables on the node's own /run.
    const envFile = opts.node ? NODE_ENV_FILE : path.join(opts.rcDir, 'shell-env');
    const varsFile = path.join(opts.rcDir, `${name}-chapter-vars`);
    const answerFile = path.join(opts.rcDir, 'awaiting-answer');
    await Promise.all([
      opts.node ? Promise.resolve() : fs.rm(envFile, { force: true }),
      opts.node ? Promise.resolve() : fs.rm(answerFile, { force: true }),
      fs.rm(varsFile, { force: true }),
    ]);
    await writeFileAtomic(rc, shellRc({ envFile, varsFile, answerFile }, opts.node ? nodePrompt : ''));
    const component = opts.supervisor.start({
      name,
      ...(opts.node ? { node: opts.node } : {}),
      command: `bash --rcfile ${JSON.stringify(rc)} -i`,
      cwd: opts.cwd,
      env: opts.env,
      // An interactive bash ignores SIGTERM; SIGHUP is what a closed terminal sends it.
      stopSignal: 'SIGHUP',
      cols: opts.cols,
      rows: opts.rows,
    });
    const shell = new LearnerShell(component, envFile, varsFile, answerFile);
    const first = await shell.nextMark('prompt', 15_000);
    if (first !== 'ok') {
      throw new Error(
        `the learner's shell (bash) did not start: ${component.recentLines(5).join(' / ') || 'no output'}`,
      );
    }
    return shell;
  }

  /** Milliseconds per character when a step is typed out (presenter mode); 0 pastes it at once. */
  typingMs = 0;

  /**
   * The current chapter's own variables: exported in the shell from its next
   * command line on (the previous chapter's are unset). Written only when
   * they change, so calling it before every step costs nothing.
   */
  useChapterVars(vars: Readonly<Record<string, string>>): Promise<void> {
    const key = JSON.stringify(vars);
    // The same variables: done once the write under way (if any) is.
    if (key === this.chapterVars) return this.varsWritten;
    this.chapterVars = key;
    this.varsVersion += 1;
    const script = chapterVarsScript(vars, this.varsVersion);
    this.varsWritten = this.varsWritten.then(() => writeFileAtomic(this.varsFile, script));
    return this.varsWritten;
  }

  /**
   * What `answer <value>` answers from now on, in this shell and the nodes'
   * shells: the token of the question (or prediction) waiting, or nothing.
   */
  awaitAnswer(token: string | undefined): Promise<void> {
    return writeFileAtomic(this.answerFile, token ? `${token}\n` : '');
  }

  /** Every marker, including those of commands the learner types. */
  onMark(listener: (m: ShellMark) => void): () => void {
    this.markListeners.add(listener);
    return () => this.markListeners.delete(listener);
  }

  /** Types `command` into the shell as one paste and waits for its prompt to come back. */
  async run(command: string, timeoutMs: number, signal?: AbortSignal): Promise<ShellResult> {
    if (this.busy) throw new Error('the shell is still running the previous step');
    this.busy = true;
    const chunks: string[] = [];
    const off = this.component.onData((c) => chunks.push(c));
    const echoed = command.trimEnd().split('\n').length;
    // What the step printed: without the echo of the typed command and the next prompt.
    const output = (): string => stepOutput(chunks.join(''), echoed);
    try {
      const done = this.nextDone(timeoutMs, signal);
      const text = command.replace(/\s+$/, '').replaceAll(PASTE_END, '');
      if (this.typingMs > 0 && !text.includes('\n')) await this.typeOut(text, signal);
      else this.component.write(`${PASTE_START}${text}${PASTE_END}\r`);
      const res = await done;
      if (res === 'exited') return { kind: 'shell-exited', output: output() };
      if (res === 'timeout' || res === 'aborted') {
        // Interrupt the step like a learner would, so the shell is usable again.
        const back = this.nextDone(3000);
        this.component.write('\x03');
        await back;
        return { kind: 'timeout', output: output() };
      }
      return {
        kind: 'done',
        status: res.status,
        failedCommands: res.failedCommands,
        ...(res.firstFailure ? { firstFailure: res.firstFailure } : {}),
        output: output(),
      };
    } finally {
      off();
      this.busy = false;
    }
  }

  /**
   * Presenter mode: a one-line command typed a character at a time, so the
   * audience sees it being typed. (A multi-line command is still pasted:
   * typed out, each newline would run a line on its own.)
   */
  private async typeOut(text: string, signal?: AbortSignal): Promise<void> {
    for (const ch of text.replaceAll('\t', ' ')) {
      if (signal?.aborted) break;
      this.component.write(ch);
      await new Promise((r) => setTimeout(r, this.typingMs));
    }
    this.component.write('\r');
  }

  private nextDone(
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Extract<ShellMark, { kind: 'done' }> | 'timeout' | 'exited' | 'aborted'> {
    return new Promise((resolve) => {
      const finish = (v: Extract<ShellMark, { kind: 'done' }> | 'timeout' | 'exited' | 'aborted'): void => {
        clearTimeout(timer);
        offMark();
        offState();
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const offMark = this.onMark((m) => {
        if (m.kind === 'done') finish(m);
      });
      const offState = this.component.onState((s) => {
        if (!isRunning(s)) finish('exited');
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async nextMark(kind: ShellMark['kind'], timeoutMs: number): Promise<'ok' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve('timeout');
      }, timeoutMs);
      const off = this.onMark((m) => {
        if (m.kind === kind) {
          clearTimeout(timer);
          off();
          resolve('ok');
        }
      });
    });
  }

  /**
   * The variables the shell exported as of its last prompt (what the learner
   * `export`ed, `cd` as PWD); undefined before the first prompt wrote them.
   */
  async exportedEnv(): Promise<Record<string, string> | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.envFile, 'utf8');
    } catch {
      return undefined;
    }
    const env: Record<string, string> = {};
    for (const entry of text.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  }

  stop(): Promise<void> {
    return this.component.stop(1000);
  }
}

const plain = (s: string): string =>
  stripVTControlCharacters(s)
    .replace(/\r/g, '')
    .replace(/[^\n]*\x08+/g, '');

/**
 * What a command line printed: the text between the "output starts" mark
 * (PS0, printed once bash has read the line) and the "done" mark. Never the
 * echo of what was pasted, however the terminal delivered it: on a loaded
 * machine a paste that arrives before readline is ready is echoed twice, once
 * by the terminal and once by readline. Without an "output starts" mark (bash
 * refused the line, say a syntax error), the lines after the echo and before
 * the next prompt.
 */
export function stepOutput(raw: string, echoedLines: number): string {
  let started = false;
  let text = '';
  for (const t of new MarkScanner().tokens(raw)) {
    if (t.kind === 'output') started = true;
    else if (t.kind === 'done' && started) break;
    else if (t.kind === 'text' && started) text += t.text;
  }
  if (started) return plain(text).replace(/\n$/, '');
  return plain(raw).split('\n').slice(echoedLines, -1).join('\n');
}
