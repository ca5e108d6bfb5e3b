// Every command of the CLI as one row of a table: its name, what it does,
// its arguments and options, and the function that runs it. The parser
// (program.ts), `--help` and `help <command>`, the suggestions for a typo and
// shell completion (completion.ts) all read this table, so a command added
// here is parsed, documented, suggested and completed at once. Each command's
// module is imported when that command runs, never before: `--version` and
// `--help` load only this file and commander.
import { CHAPTER, DIR, loadLessons, type CommandSpec, type OptionSpec } from './command-spec.js';
import { CLASS_COMMAND, UI_COMMANDS } from './command-table-ui.js';
import { WIRE_COMMANDS } from './command-table-wire.js';

/** The options every command takes (written before or after the command). */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    flags: '--lessons <dir>',
    description:
      'use the workshop in this folder (the one holding lessons/ and assets/, or its lessons/ folder)',
    env: 'DEMYSTIFY_LESSONS',
    complete: DIR,
  },
  {
    flags: '--workspace <dir>',
    description: "where certificates, configs and etcd data go (default: the workshop's own)",
    env: 'DEMYSTIFY_WORKSPACE',
    complete: DIR,
  },
  {
    flags: '--bin-dir <dir>',
    description: 'use the component binaries in this folder first',
    env: 'DEMYSTIFY_BIN_DIR',
    complete: DIR,
  },
  {
    flags: '--mirror <url>',
    description: 'download releases from this mirror instead of dl.k8s.io and github.com',
    env: 'DEMYSTIFY_MIRROR',
  },
  {
    flags: '--lang <language>',
    description: "the lessons' language, where the workshop has a translation (default: from LANG)",
    env: 'DEMYSTIFY_LANG',
  },
  { flags: '--no-color', description: 'plain output (also: NO_COLOR=1)' },
  { flags: '--join <line>', description: 'join a class: the line the instructor’s `demystify class` shows' },
  {
    flags: '--name <name>',
    description: 'with --join: your name on the instructor’s board (default: your user name)',
  },
  {
    flags: '--watch',
    description: 'with --join: watch the instructor’s presenter screen live in this terminal',
  },
];

/** The environment variables demystify reads, for `--help`. Flags' own variables come from GLOBAL_OPTIONS. */
export const ENVIRONMENT: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'NO_COLOR', description: 'set: plain output, as --no-color' },
  {
    name: 'DEMYSTIFY_OFFLINE',
    description: '1: this machine has no internet (chapters that need it are skipped); 0: it has',
  },
  {
    name: 'HTTPS_PROXY, HTTP_PROXY, NO_PROXY',
    description: 'downloads go through this proxy (lower-case names too)',
  },
  {
    name: 'DEMYSTIFY_<PROJECT>_VERSION',
    description: 'another release of one project, e.g. DEMYSTIFY_ETCD_VERSION=3.6.16',
  },
  {
    name: 'XDG_STATE_HOME, XDG_DATA_HOME, XDG_CACHE_HOME',
    description: 'where progress, workspaces and binaries go (~/.local/state, ~/.local/share, ~/.cache)',
  },
  { name: 'SUDO_ASKPASS', description: 'a program sudo asks for your password (instead of demystify)' },
  { name: 'DEMYSTIFY_DEBUG', description: '1: an unexpected error prints its stack trace' },
];

/** The commands, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'list',
    summary: 'list the chapters and your progress',
    run: async ({ flags, write }) => {
      const r = await flags();
      const { listCommand } = await import('./list.js');
      await listCommand(await loadLessons(r), r, write);
    },
  },
  {
    name: 'lint',
    summary: 'check lesson files for authoring errors (file:line:col), translations against their originals',
    args: [
      {
        name: 'paths',
        variadic: true,
        description: 'lesson files or folders (default: the workshop)',
        complete: DIR,
      },
    ],
    run: async ({ args, flags, write }) => {
      const paths = args[0] as string[];
      const { lintCommand } = await import('./lint.js');
      return lintCommand(paths.length ? paths : [(await flags()).lessonsDir], write);
    },
  },
  {
    name: 'test',
    summary: 'run chapters headless: every step and check, in order; exit 0 only if all pass',
    args: [
      {
        name: 'chapters',
        variadic: true,
        description: 'chapter ids or numbers (default: all)',
        complete: CHAPTER,
      },
    ],
    options: [
      {
        flags: '--prove-checks',
        description: 'before each chapter, show that each of its checks fails (no check passes by accident)',
      },
      {
        flags: '--checkpoints',
        description: 'save a checkpoint at the start of each chapter (demystify replay restores them)',
      },
      {
        flags: '--record <dir>',
        description: 'record each chapter as asciicast files in <dir>/<chapter>/ (demystify play reads them)',
        complete: DIR,
      },
    ],
    run: async ({ args, opts, flags, write }) => {
      const r = await flags();
      const { testCommand } = await import('./test.js');
      return testCommand(await loadLessons(r), r, args[0] as string[], write, {
        proveChecks: opts.proveChecks === true,
        checkpoints: opts.checkpoints === true,
        record: opts.record as string | undefined,
      });
    },
  },
  ...UI_COMMANDS,
  ...WIRE_COMMANDS,
  {
    name: 'reset',
    summary: 'forget your progress in one chapter, or in all of them',
    args: [
      { name: 'chapter', description: 'chapter id or number (default: every chapter)', complete: CHAPTER },
    ],
    run: async ({ args, flags, write }) => {
      const r = await flags();
      const { resetCommand } = await import('./reset.js');
      await resetCommand(await loadLessons(r), r, args[0] as string | undefined, write);
    },
  },
  {
    name: 'fetch',
    summary: 'download and verify the official component releases into the cache',
    options: [
      {
        flags: '--only <project...>',
        description: 'only these projects: kubernetes, etcd, containerd, runc, cni, coredns, traefik',
        complete: {
          kind: 'words',
          words: ['kubernetes', 'etcd', 'containerd', 'runc', 'cni', 'coredns', 'traefik'],
        },
      },
    ],
    run: async ({ opts, flags, write }) => {
      const { fetchCommand } = await import('./fetch.js');
      return fetchCommand(await flags(), (opts.only as string[] | undefined) ?? [], write);
    },
  },
  {
    name: 'clean',
    summary:
      'undo everything the workshop did on this machine (components, nodes, network, cgroups, runtime files); keeps your progress',
    options: [
      { flags: '--forget-progress', description: 'also forget your progress and the checkpoints' },
      {
        flags: '--delete-workspace',
        description: 'also delete the workspace (certificates, configs, etcd data)',
      },
      { flags: '--binaries', description: 'also delete the downloaded binaries (~/.cache/demystify)' },
    ],
    run: async ({ opts, flags, write }) => {
      const { cleanCommand } = await import('./clean.js');
      return cleanCommand(await flags(), write, {
        progress: opts.forgetProgress === true,
        workspace: opts.deleteWorkspace === true,
        binaries: opts.binaries === true,
      });
    },
  },
  CLASS_COMMAND,
  {
    name: 'doctor',
    summary: 'check that this machine can run the workshop',
    run: async ({ flags, write }) => {
      const { doctorCommand } = await import('./doctor.js');
      return doctorCommand(await flags(), write);
    },
  },
  {
    name: 'new',
    summary: 'make a workshop of your own in a new folder: one chapter that passes lint and test',
    args: [
      {
        name: 'dir',
        required: true,
        description: 'the folder to make (it must not exist, or be empty)',
        complete: DIR,
      },
    ],
    options: [
      { flags: '--title <title>', description: "the workshop's title (default: from the folder's name)" },
    ],
    run: async ({ args, opts, write }) => {
      const { newCommand } = await import('./new-workshop.js');
      return newCommand(args[0] as string, { title: opts.title as string | undefined }, write);
    },
  },
  {
    name: 'help',
    summary: 'show the help of a command (or of demystify)',
    args: [{ name: 'command', description: 'a command', complete: { kind: 'command' } }],
    run: async ({ args, showHelp }) => showHelp(args[0] as string | undefined),
  },
  {
    name: 'completion',
    summary: 'print the shell completion script: eval "$(demystify completion bash)" in ~/.bashrc',
    args: [
      {
        name: 'shell',
        required: true,
        description: 'bash, zsh or fish',
        complete: { kind: 'words', words: ['bash', 'zsh', 'fish'] },
      },
    ],
    run: async ({ args, write }) => {
      const { completionScript } = await import('./completion-scripts.js');
      write(completionScript(args[0] as string));
    },
  },
];
