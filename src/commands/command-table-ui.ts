// The rows of the command table (command-table.ts) that may open the
// workshop UI on a terminal: demystify itself, replay, present and play.
// Ink and React are loaded only when the UI opens, in their production build.
import type { uiCommand } from './ui.js';
import { CliError, EXIT } from './cli-error.js';
import { CHAPTER, DIR, positiveInt, loadLessons, type CommandSpec, type Invocation } from './command-spec.js';

/**
 * `demystify` with no command: the workshop on a terminal, otherwise the
 * chapters and your progress. With --join, the learner's progress goes to a
 * class; with --watch too, the instructor's screen is shown instead.
 */
export async function runRoot({ flags, opts, write, interactive }: Invocation): Promise<number | void> {
  const r = await flags();
  const join =
    opts.join === undefined
      ? undefined
      : (await import('./join-class.js')).joinRequest(opts.join as string, opts.name as string | undefined);
  if (opts.watch && !join) throw new CliError('--watch follows a class: give its line with --join');
  if (join && !interactive) throw new CliError('--join needs a terminal (stdin and stdout a TTY, CI unset)');
  if (join && opts.watch) {
    const { watchCommand } = await withProductionReact(() => import('./watch.js'));
    return watchCommand(join);
  }
  if (interactive) {
    // One sentence and no download on a machine that cannot run the workshop
    // (watching a class, above, needs nothing of the machine; listing, below, neither).
    const { unsupportedHost } = await import('../cluster/binaries/offer.js');
    const unsupported = unsupportedHost();
    if (unsupported) throw new CliError(unsupported, EXIT.failed);
    return (await loadUi()).uiCommand(r, join ? { join } : {});
  }
  const { overviewCommand } = await import('./list.js');
  await overviewCommand(await loadLessons(r), r, write);
}

export const UI_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'replay',
    summary:
      'bring the cluster to the start of a chapter (its checkpoint, or the chapters before it), then play it step by step',
    args: [{ name: 'chapter', required: true, description: 'chapter id or number', complete: CHAPTER }],
    options: [
      { flags: '--auto', description: 'run the steps straight through, without waiting for Enter' },
      {
        flags: '--fast-forward',
        description: 'ignore checkpoints: run the earlier chapters from an empty workspace',
      },
      {
        flags: '--record <dir>',
        description: 'record the chapter as asciicast files in <dir>/<chapter>/',
        complete: DIR,
      },
    ],
    run: async ({ args, opts, flags, write, interactive }) => {
      const r = await flags();
      const chapter = args[0] as string;
      const workshop = await loadLessons(r);
      // On a terminal the chapter opens in the workshop UI once its start is reached; --auto, --record and pipes stay headless.
      if (interactive && !opts.auto && !opts.record) {
        const { chaptersByKeys } = await import('./load-lessons.js');
        const [found] = chaptersByKeys(workshop, [chapter]);
        return (await loadUi()).uiCommand(r, {
          chapter: found!.meta.id,
          fastForward: opts.fastForward === true,
        });
      }
      const { replayCommand } = await import('./replay.js');
      return replayCommand(workshop, r, chapter, write, opts);
    },
  },
  {
    name: 'present',
    summary:
      'presenter mode: a big, calm screen; commands typed out and run for real; notes in a second terminal (--notes)',
    args: [
      {
        name: 'chapter',
        description: 'chapter id or number to start at (its start is reached first)',
        complete: CHAPTER,
      },
    ],
    options: [
      {
        flags: '--notes',
        description: 'the presenter notes of the running presentation, for a second terminal',
      },
      {
        flags: '--typing <ms>',
        description: 'milliseconds per typed character (default 30; + and - change it)',
        parse: positiveInt,
      },
    ],
    run: async ({ args, opts, flags, interactive }) => {
      const r = await flags();
      if (opts.notes) {
        const { runNotesClient } = await import('../present/notes-client.js');
        const { socketPath } = await import('../present/protocol.js');
        await runNotesClient({
          socket: socketPath(r.stateDir),
          color: r.color,
          input: process.stdin,
          output: process.stdout,
        });
        return;
      }
      if (!interactive) throw new CliError('present needs a terminal (stdin and stdout a TTY, CI unset)');
      const workshop = await loadLessons(r);
      const { chaptersByKeys } = await import('./load-lessons.js');
      const chapter = args[0] as string | undefined;
      const [found] = chapter === undefined ? [] : chaptersByKeys(workshop, [chapter]);
      return (await loadUi()).uiCommand(r, {
        ...(found ? { chapter: found.meta.id } : {}),
        presenter: { typingMs: (opts.typing as number | undefined) ?? 30 },
      });
    },
  },
  {
    name: 'play',
    summary:
      'play a recorded chapter (demystify test --record) in the UI; --print shows its steps and panes as text',
    args: [
      {
        name: 'recording',
        required: true,
        description: 'a recording folder, or a folder of them',
        complete: DIR,
      },
    ],
    options: [
      {
        flags: '--print',
        description: 'print the steps and the last screen of each pane instead of playing',
      },
      {
        flags: '--lines <n>',
        description: 'with --print: lines of each pane (default: its height)',
        parse: positiveInt,
      },
    ],
    run: async ({ args, opts, flags, write, interactive }) => {
      const dir = args[0] as string;
      if (!opts.print && interactive) {
        const { playUiCommand } = await withProductionReact(() => import('./play-ui.js'));
        return playUiCommand(dir, await flags());
      }
      const { playCommand } = await import('./play.js');
      return playCommand(dir, write, opts);
    },
  },
];

/**
 * React picks its production build from NODE_ENV when first loaded (the
 * development one is much slower). The bundle has it fixed at build time;
 * this is for the modules tsc builds.
 */
function loadUi(): Promise<{ uiCommand: typeof uiCommand }> {
  return withProductionReact(() => import('./ui.js'));
}

async function withProductionReact<T>(load: () => Promise<T>): Promise<T> {
  // Through a variable: the bundler replaces `process.env.NODE_ENV` itself with a constant.
  const env = process.env;
  const before = env.NODE_ENV;
  env.NODE_ENV ??= 'production';
  try {
    return await load();
  } finally {
    // Components started later inherit the environment: leave it as it was.
    if (before === undefined) delete env.NODE_ENV;
  }
}

export const CLASS_COMMAND: CommandSpec = {
  name: 'class',
  summary: 'run a class: print the join line for learners, and show a board of every learner’s progress',
  options: [
    {
      flags: '--listen <address>',
      description: 'the address to listen on (default: every address of this machine)',
    },
    { flags: '--port <n>', description: 'the port to listen on (default 7443)', parse: positiveInt },
    {
      flags: '--address <host>',
      description: 'the address the join line names (default: this machine’s first network address)',
    },
    {
      flags: '--new',
      description: 'a new class: a new code and certificate (the old join line stops working)',
    },
    {
      flags: '--stuck <minutes>',
      description: 'mark a learner stuck after this many minutes on one step (default 5)',
      parse: positiveInt,
    },
    { flags: '--title <text>', description: 'the class’s name, as learners see it' },
  ],
  run: async ({ opts, flags, write }) => {
    const { classCommand, DEFAULT_PORT } = await withProductionReact(() => import('./class.js'));
    return classCommand(
      await flags(),
      {
        listen: (opts.listen as string | undefined) ?? '0.0.0.0',
        port: (opts.port as number | undefined) ?? DEFAULT_PORT,
        address: opts.address as string | undefined,
        fresh: opts.new === true,
        stuckMinutes: opts.stuck as number | undefined,
        title: opts.title as string | undefined,
      },
      write,
    );
  },
};
