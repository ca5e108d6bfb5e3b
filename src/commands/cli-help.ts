// What the help says besides the commands (the exit codes, the environment),
// the suggestion for a mistyped name, and where to report a bug: read from the
// command table and cli-error.ts, so the help never lists what is not there.
import { wrapWords } from '../text/wrap.js';
import { CliError, EXIT, EXIT_MEANINGS } from './cli-error.js';
import { COMMANDS, ENVIRONMENT, GLOBAL_OPTIONS } from './command-table.js';
import { packageInfo, packageRoot } from '../fs/package-root.js';

/** Two columns, the second wrapped to `width`; a first column too wide puts the text on the next line. */
function table(rows: readonly (readonly [string, string])[], width = 80): string[] {
  const key = Math.min(24, Math.max(...rows.map(([k]) => k.length)));
  const room = width - key - 4;
  return rows.flatMap(([k, v]) => {
    const text = wrapWords(v, room).map((l) => `  ${' '.repeat(key)}  ${l}`);
    if (k.length <= key) return [`  ${k.padEnd(key)}  ${text[0]!.trimStart()}`, ...text.slice(1)];
    return [`  ${k}`, ...text];
  });
}

/** The end of `demystify --help`: exit codes and environment variables. */
export function helpFooter(width = 80): string {
  const codes = Object.entries(EXIT_MEANINGS).map(([code, meaning]) => [code, meaning] as const);
  const env = [
    ...GLOBAL_OPTIONS.filter((o) => o.env).map((o) => [o.env!, `as ${o.flags.split(' ')[0]}`] as const),
    ...ENVIRONMENT.map((e) => [e.name, e.description] as const),
  ];
  return [
    'Exit codes:',
    ...table(codes, width),
    '',
    'Environment:',
    ...table(env, width),
    '',
    'Run `demystify help <command>` for one command; docs and bug reports: see the README.',
    '',
  ].join('\n');
}

/** How many single-character edits turn a into b (Damerau: a swap of two neighbours is one). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** The names close enough to `typed` to be what was meant, nearest first. */
export function suggest(typed: string, names: readonly string[]): string[] {
  const limit = Math.max(1, Math.floor(typed.length / 3));
  return names
    .map((name) => ({
      name,
      d: name.startsWith(typed) && typed.length >= 2 ? 0.5 : editDistance(typed, name),
    }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.name);
}

export const commandNames = (): string[] => COMMANDS.map((c) => c.name);

export function unknownCommand(typed: string): CliError {
  const near = suggest(typed, commandNames());
  const hint = near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? ` : '';
  return new CliError(`unknown command "${typed}": ${hint}the commands are ${commandNames().join(', ')}`);
}

/** "please report it" and where: the package's bug tracker when package.json names one. */
export function bugReportHint(root: string = packageRoot): string {
  let url: string | undefined;
  try {
    url = packageInfo(root).bugs;
  } catch {
    // no package.json: the sentence without a place
  }
  const where = url ? ` at ${url}` : ' to whoever gave you this workshop';
  return `(set DEMYSTIFY_DEBUG=1 for details, and please report it${where}, with the command you ran; exit code ${EXIT.internal})`;
}
