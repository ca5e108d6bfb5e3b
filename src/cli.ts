#!/usr/bin/env node
// The demystify command line: parses flags, runs one command, and turns every
// error a user can cause into a sentence and an exit code (see cli-error.ts).
// Each command's module is imported when that command runs, never before:
// `--version` and `--help` load only this file and commander, and the UI
// does not pay for the cluster client or the certificate code before a step
// needs them (start-up time is a goal: bench/startup.mjs measures it).
// First, before any dependency: too old a Node.js gets a sentence, not a stack.
import './node-version.js';
import { Command, CommanderError, Option } from 'commander';
import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { CliError, EXIT } from './commands/cli-error.js';
import type { uiCommand } from './commands/ui.js';
import { packageRoot, resolveFlags, type GlobalFlags } from './commands/options.js';
import { cacheDir } from './cluster/paths.js';
import type { Workshop } from './lesson/model.js';
import { printable } from './text/printable.js';

// What demystify, its panes and its shell write is the learner's alone unless a mode says
// otherwise (a certificate 0644, a binary 0755): keys, kubeconfigs, tokens in exported variables.
process.umask(0o077);
// Node 22.1+ keeps the compiled code of the modules it loads, so every start after the first
// skips most of the parsing; Node 20 has no such cache. In our own cache folder, not the
// default one under the shared /tmp: compiled code another user could plant there would run
// as the learner, who holds a root helper.
(nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache?.(
  path.join(cacheDir(), 'compile-cache'),
);

const write = (s: string): void => void process.stdout.write(`${s}\n`);
const version = (
  JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }
).version;

function program(setExit: (code: number) => void): Command {
  const cmd = new Command('demystify')
    .description(
      'An interactive terminal workshop: build a Kubernetes cluster by hand, one real component at a time.',
    )
    .version(version, '-V, --version')
    .addOption(
      new Option('--lessons <dir>', 'use the workshop in this folder instead of the built-in one').env(
        'DEMYSTIFY_LESSONS',
      ),
    )
    .addOption(
      new Option('--workspace <dir>', 'where certificates, configs and etcd data go').env(
        'DEMYSTIFY_WORKSPACE',
      ),
    )
    .addOption(
      new Option('--bin-dir <dir>', 'use the component binaries in this folder first').env(
        'DEMYSTIFY_BIN_DIR',
      ),
    )
    .addOption(
      new Option(
        '--mirror <url>',
        'download releases from this mirror instead of dl.k8s.io and github.com',
      ).env('DEMYSTIFY_MIRROR'),
    )
    .option('--no-color', 'plain output (also: NO_COLOR=1)')
    .option('--join <line>', 'join a class: the line the instructor’s `demystify class` shows')
    .option('--name <name>', 'with --join: your name on the instructor’s board (default: your user name)')
    .option('--watch', 'with --join: watch the instructor’s presenter screen live in this terminal')
    .showHelpAfterError('(run demystify --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const flags = (): ReturnType<typeof resolveFlags> => resolveFlags(cmd.opts<GlobalFlags>());

  cmd.argument('[command]').action(async (unknown: string | undefined) => {
    if (unknown !== undefined) {
      const names = cmd.commands.map((c) => c.name());
      throw new CliError(
        `unknown command "${unknown}": the commands are ${names.join(', ')} (see demystify --help)`,
      );
    }
    const r = flags();
    const o = cmd.opts<{ join?: string; name?: string; watch?: boolean }>();
    const join =
      o.join === undefined
        ? undefined
        : (await import('./commands/join-class.js')).joinRequest(o.join, o.name);
    if (o.watch && !join) throw new CliError('--watch follows a class: give its line with --join');
    if (join && !interactive())
      throw new CliError('--join needs a terminal (stdin and stdout a TTY, CI unset)');
    if (join && o.watch) {
      const { watchCommand } = await withProductionReact(() => import('./commands/watch.js'));
      return setExit(await watchCommand(join));
    }
    // On a terminal (and not in CI) the workshop itself; otherwise the plain overview. Loaded lazily: Ink is heavy.
    if (process.stdin.isTTY && process.stdout.isTTY && !process.env.CI)
      return setExit(await (await loadUi()).uiCommand(r, join ? { join } : {}));
    const { overviewCommand } = await import('./commands/list.js');
    await overviewCommand(await loadLessons(r), r, write);
  });
  cmd
    .command('list')
    .description('list the chapters and your progress')
    .action(async () => {
      const r = flags();
      const { listCommand } = await import('./commands/list.js');
      await listCommand(await loadLessons(r), r, write);
    });
  cmd
    .command('lint')
    .description('check lesson files for authoring errors (file:line:col)')
    .argument('[paths...]', 'lesson files or folders (default: the workshop)')
    .action(async (paths: string[]) => {
      const { lintCommand } = await import('./commands/lint.js');
      setExit(await lintCommand(paths.length ? paths : [flags().lessonsDir], write));
    });
  cmd
    .command('test')
    .description('run chapters headless: every step and check, in order; exit 0 only if all pass')
    .argument('[chapters...]', 'chapter ids or numbers (default: all)')
    .option(
      '--prove-checks',
      'before each chapter, show that each of its checks fails (no check passes by accident)',
    )
    .option(
      '--checkpoints',
      'save a checkpoint at the start of each chapter (demystify replay restores them)',
    )
    .option(
      '--record <dir>',
      'record each chapter as asciicast files in <dir>/<chapter>/ (demystify play reads them)',
    )
    .action(
      async (chapters: string[], o: { proveChecks?: boolean; checkpoints?: boolean; record?: string }) => {
        const r = flags();
        const { testCommand } = await import('./commands/test.js');
        setExit(
          await testCommand(await loadLessons(r), r, chapters, write, {
            proveChecks: o.proveChecks ?? false,
            checkpoints: o.checkpoints ?? false,
            record: o.record,
          }),
        );
      },
    );
  cmd
    .command('replay')
    .description(
      'bring the cluster to the start of a chapter (its checkpoint, or the chapters before it), then play it step by step',
    )
    .argument('<chapter>', 'chapter id or number')
    .option('--auto', 'run the steps straight through, without waiting for Enter')
    .option('--fast-forward', 'ignore checkpoints: run the earlier chapters from an empty workspace')
    .option('--record <dir>', 'record the chapter as asciicast files in <dir>/<chapter>/')
    .action(async (chapter: string, o: { auto?: boolean; fastForward?: boolean; record?: string }) => {
      const r = flags();
      const workshop = await loadLessons(r);
      // On a terminal the chapter opens in the workshop UI once its start is reached; --auto, --record and pipes stay headless.
      if (interactive() && !o.auto && !o.record) {
        const { chaptersByKeys } = await import('./commands/load-lessons.js');
        const [found] = chaptersByKeys(workshop, [chapter]);
        return setExit(
          await (await loadUi()).uiCommand(r, { chapter: found!.meta.id, fastForward: o.fastForward }),
        );
      }
      const { replayCommand } = await import('./commands/replay.js');
      setExit(await replayCommand(workshop, r, chapter, write, o));
    });
  cmd
    .command('present')
    .description(
      'presenter mode: a big, calm screen; commands typed out and run for real; notes in a second terminal (--notes)',
    )
    .argument('[chapter]', 'chapter id or number to start at (its start is reached first)')
    .option('--notes', 'the presenter notes of the running presentation, for a second terminal')
    .option('--typing <ms>', 'milliseconds per typed character (default 30; + and - change it)', positiveInt)
    .action(async (chapter: string | undefined, o: { notes?: boolean; typing?: number }) => {
      const r = flags();
      if (o.notes) {
        const { runNotesClient } = await import('./present/notes-client.js');
        const { socketPath } = await import('./present/protocol.js');
        await runNotesClient({
          socket: socketPath(r.stateDir),
          color: r.color,
          input: process.stdin,
          output: process.stdout,
        });
        return;
      }
      if (!interactive()) throw new CliError('present needs a terminal (stdin and stdout a TTY, CI unset)');
      const workshop = await loadLessons(r);
      const { chaptersByKeys } = await import('./commands/load-lessons.js');
      const [found] = chapter === undefined ? [] : chaptersByKeys(workshop, [chapter]);
      setExit(
        await (
          await loadUi()
        ).uiCommand(r, {
          ...(found ? { chapter: found.meta.id } : {}),
          presenter: { typingMs: o.typing ?? 30 },
        }),
      );
    });
  cmd
    .command('play')
    .description(
      'play a recorded chapter (demystify test --record) in the UI; --print shows its steps and panes as text',
    )
    .argument('<recording>', 'a recording folder, or a folder of them')
    .option('--print', 'print the steps and the last screen of each pane instead of playing')
    .option('--lines <n>', 'with --print: lines of each pane (default: its height)', positiveInt)
    .action(async (dir: string, o: { print?: boolean; lines?: number }) => {
      if (!o.print && interactive()) {
        const { playUiCommand } = await withProductionReact(() => import('./commands/play-ui.js'));
        return setExit(await playUiCommand(dir, flags()));
      }
      const { playCommand } = await import('./commands/play.js');
      setExit(await playCommand(dir, write, o));
    });
  cmd
    .command('reset')
    .description('forget your progress in one chapter, or in all of them')
    .argument('[chapter]', 'chapter id or number (default: every chapter)')
    .action(async (chapter: string | undefined) => {
      const r = flags();
      const { resetCommand } = await import('./commands/reset.js');
      await resetCommand(await loadLessons(r), r, chapter, write);
    });
  cmd
    .command('fetch')
    .description('download and verify the official component releases into the cache')
    .option('--only <project...>', 'only these projects: kubernetes, etcd, containerd, runc, cni')
    .action(async (opts: { only?: string[] }) => {
      const { fetchCommand } = await import('./commands/fetch.js');
      setExit(await fetchCommand(flags(), opts.only ?? [], write));
    });
  cmd
    .command('clean')
    .description(
      'undo everything the workshop did on this machine (components, nodes, network, cgroups, runtime files); keeps your progress',
    )
    .option('--forget-progress', 'also forget your progress and the checkpoints')
    .option('--delete-workspace', 'also delete the workspace (certificates, configs, etcd data)')
    .action(async (o: { forgetProgress?: boolean; deleteWorkspace?: boolean }) => {
      const { cleanCommand } = await import('./commands/clean.js');
      setExit(
        await cleanCommand(flags(), write, { progress: o.forgetProgress, workspace: o.deleteWorkspace }),
      );
    });
  cmd
    .command('class')
    .description(
      'run a class: print the join line for learners, and show a board of every learner’s progress',
    )
    .option(
      '--listen <address>',
      'the address to listen on (default: every address of this machine)',
      '0.0.0.0',
    )
    .option('--port <n>', 'the port to listen on (default 7443)', positiveInt)
    .option(
      '--address <host>',
      'the address the join line names (default: this machine’s first network address)',
    )
    .option('--new', 'a new class: a new code and certificate (the old join line stops working)')
    .option(
      '--stuck <minutes>',
      'mark a learner stuck after this many minutes on one step (default 5)',
      positiveInt,
    )
    .option('--title <text>', 'the class’s name, as learners see it')
    .action(
      async (o: {
        listen: string;
        port?: number;
        address?: string;
        new?: boolean;
        stuck?: number;
        title?: string;
      }) => {
        const { classCommand, DEFAULT_PORT } = await withProductionReact(() => import('./commands/class.js'));
        setExit(
          await classCommand(
            flags(),
            {
              listen: o.listen,
              port: o.port ?? DEFAULT_PORT,
              address: o.address,
              fresh: o.new ?? false,
              stuckMinutes: o.stuck,
              title: o.title,
            },
            write,
          ),
        );
      },
    );
  cmd
    .command('doctor')
    .description('check that this machine can run the workshop')
    .action(async () => {
      const { doctorCommand } = await import('./commands/doctor.js');
      setExit(await doctorCommand(flags(), write));
    });
  return cmd;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`wants a whole number, 1 or more, not "${v}"`);
  return n;
}

async function loadLessons(r: ReturnType<typeof resolveFlags>): Promise<Workshop> {
  return (await import('./commands/load-lessons.js')).loadOrExplain(r);
}

function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI);
}

/**
 * React picks its production build from NODE_ENV when first loaded (the
 * development one is much slower). The bundle has it fixed at build time;
 * this is for the modules tsc builds.
 */
function loadUi(): Promise<{ uiCommand: typeof uiCommand }> {
  return withProductionReact(() => import('./commands/ui.js'));
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

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Messages may quote a command's output or a file's name: printable only (src/text/printable.ts).
    if (e instanceof CliError) {
      process.stderr.write(`demystify: ${printable(e.message)}\n`);
      return e.exitCode;
    }
    // Imported only now: a lesson error comes after the loader ran, so this costs nothing then.
    if (e instanceof (await import('./lesson/load.js')).LoadError) {
      process.stderr.write(`demystify: ${printable(e.message)}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`demystify: unexpected error: ${printable((e as Error).message ?? String(e))}\n`);
    if (process.env.DEMYSTIFY_DEBUG) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
    else process.stderr.write('(set DEMYSTIFY_DEBUG=1 for details, and please report it)\n');
    return 70;
  }
}

process.exitCode = await main(process.argv);
