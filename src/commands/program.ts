// The command line built from the command table (command-table.ts): one
// commander command per row, the global flags, `--help` with the exit codes
// and the environment, a suggestion for a mistyped command, and every error
// a user can cause turned into a sentence and an exit code (cli-error.ts).
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT } from './cli-error.js';
import { type ArgSpec, type CommandSpec, type Invocation, type OptionSpec } from './command-spec.js';
import { COMMANDS, GLOBAL_OPTIONS } from './command-table.js';
import { runRoot } from './command-table-ui.js';
import { bugReportHint, helpFooter, unknownCommand } from './cli-help.js';
import { packageInfo } from '../fs/package-root.js';
import type { GlobalFlags } from './options.js';
import { printable } from '../text/printable.js';

export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly interactive: boolean;
}

export const processIO = (): CliIO => ({
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY && !process.env.CI),
});

function option(spec: OptionSpec): Option {
  const o = new Option(spec.flags, spec.description);
  if (spec.env) o.env(spec.env);
  if (spec.parse) o.argParser(spec.parse);
  return o;
}

function argument(a: ArgSpec): string {
  const name = `${a.name}${a.variadic ? '...' : ''}`;
  return a.required ? `<${name}>` : `[${name}]`;
}

/** The whole program: `setExit` takes the exit code a command returns. */
export function buildProgram(version: string, io: CliIO, setExit: (code: number) => void): Command {
  const root = new Command('demystify')
    .description(
      'An interactive terminal workshop: build a Kubernetes cluster by hand, one real component at a time.',
    )
    .usage('[options] [command]')
    .version(version, '-V, --version')
    .showHelpAfterError('(run demystify --help for usage)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `\n${helpFooter()}`);
  for (const spec of GLOBAL_OPTIONS) root.addOption(option(spec));
  const call = (cmd: Command, args: unknown[]): Invocation => ({
    args,
    opts: cmd.opts(),
    // Imported when a command asks: reading the workshop's description takes the YAML parser.
    flags: async () => (await import('./options.js')).resolveFlags(root.opts<GlobalFlags>()),
    write: (line) => io.out(`${line}\n`),
    interactive: io.interactive,
    showHelp: (name) => showHelp(root, name, io),
  });
  root.argument('[command]').action(async (name: string | undefined) => {
    if (name !== undefined) throw unknownCommand(name);
    setExit((await runRoot(call(root, []))) ?? EXIT.ok);
  });
  for (const spec of COMMANDS)
    addCommand(root, spec, async (cmd, args) => setExit((await spec.run(call(cmd, args))) ?? EXIT.ok));
  // Every command and its parent share the same output, errors and exit handling.
  for (const cmd of [root, ...root.commands])
    cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return root;
}

function addCommand(
  root: Command,
  spec: CommandSpec,
  run: (cmd: Command, args: unknown[]) => Promise<void>,
): void {
  const cmd = root.command(spec.name).description(spec.summary);
  for (const a of spec.args ?? []) cmd.argument(argument(a), a.description);
  for (const o of spec.options ?? []) cmd.addOption(option(o));
  cmd.action(async (...received: unknown[]) => {
    // commander passes the arguments, then the options, then the command itself.
    await run(cmd, received.slice(0, spec.args?.length ?? 0));
  });
}

/** `demystify help [command]`: the program's help, or one command's; a name that is none is an error with a suggestion. */
function showHelp(root: Command, name: string | undefined, io: CliIO): void {
  if (name === undefined) return io.out(root.helpInformation());
  const cmd = root.commands.find((c) => c.name() === name);
  if (!cmd) throw unknownCommand(name);
  io.out(cmd.helpInformation());
}

/** Runs the command line `argv` (as process.argv: node, script, words...) and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
  version: string = packageInfo().version,
): Promise<number> {
  let code: number = EXIT.ok;
  // A Tab in the learner's shell (completion-scripts.ts): candidates only, before any parsing.
  if (argv[2] === '__complete') {
    const { completeCommand } = await import('./completion.js');
    return completeCommand(argv.slice(3), (line) => io.out(`${line}\n`));
  }
  try {
    await buildProgram(version, io, (c) => (code = c)).parseAsync([...argv]);
    return code;
  } catch (e) {
    return errorExit(e, io);
  }
}

export async function errorExit(e: unknown, io: CliIO): Promise<number> {
  // --help and --version end here too, with exit code 0; commander has already said what was wrong.
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  // Messages may quote a command's output or a file's name: printable only (src/text/printable.ts).
  if (e instanceof CliError) {
    io.err(`demystify: ${printable(e.message)}\n`);
    return e.exitCode;
  }
  // Imported only now: a lesson error comes after the loader ran, so this costs nothing then.
  if (e instanceof (await import('../lesson/load.js')).LoadError) {
    io.err(`demystify: ${printable(e.message)}\n`);
    return EXIT.usage;
  }
  io.err(`demystify: unexpected error: ${printable((e as Error).message ?? String(e))}\n`);
  if (process.env.DEMYSTIFY_DEBUG) io.err(`${(e as Error).stack ?? ''}\n`);
  else io.err(`${bugReportHint()}\n`);
  return EXIT.internal;
}
