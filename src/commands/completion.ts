// Shell completion. `demystify completion bash|zsh|fish` prints a small
// script that, on each Tab, asks `demystify __complete <words...>` what may
// come next: the candidates are worked out here from the command table
// (commands, options, what each argument or option value takes) and the
// workshop's chapter ids, so a new command or chapter completes without a
// new script. A folder or a file is left to the shell (`:dir`, `:file`).
import { loadChapterIds } from '../lesson/chapter-ids.js';
import type { Completion, OptionSpec } from './command-spec.js';
import { COMMANDS, GLOBAL_OPTIONS } from './command-table.js';
import { resolveFlags } from './options.js';

// The scripts themselves read no table (the table's `completion` row prints them).
export { completionScript } from './completion-scripts.js';

/** One candidate per line, "value<TAB>description"; or ":dir" / ":file" alone. */
export type Candidates = readonly string[];

const HELP: OptionSpec = { flags: '-h, --help', description: 'show the help' };

const longName = (o: OptionSpec): string | undefined => /--[\w-]+/.exec(o.flags)?.[0];
const takesValue = (o: OptionSpec): boolean => /[<[]/.test(o.flags);

/** What may come at the last of `words` (the words after `demystify`; the last is being typed). */
export async function candidates(
  words: readonly string[],
  chapterIds: () => Promise<string[]>,
): Promise<Candidates> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let command: (typeof COMMANDS)[number] | undefined;
  let positional = 0;
  let pending: OptionSpec | undefined;
  for (const word of before) {
    const options = [...GLOBAL_OPTIONS, ...(command?.options ?? [])];
    if (pending) pending = undefined;
    else if (word.startsWith('-')) {
      const o = options.find((x) => longName(x) === word || x.flags.startsWith(`${word},`));
      if (o && takesValue(o) && !word.includes('=')) pending = o;
    } else if (!command) command = COMMANDS.find((c) => c.name === word);
    else positional += 1;
  }
  const offer = (c: Completion | undefined): Promise<Candidates> => complete(c, current, chapterIds);
  if (pending) return offer(pending.complete);
  if (current.startsWith('-')) {
    const options = [...GLOBAL_OPTIONS, ...(command?.options ?? []), HELP];
    return filter(
      options.flatMap((o) => (longName(o) ? [`${longName(o)}\t${o.description}`] : [])),
      current,
    );
  }
  if (!command) return offer({ kind: 'command' });
  const args = command.args ?? [];
  const arg = args[positional] ?? (args.at(-1)?.variadic ? args.at(-1) : undefined);
  return offer(arg?.complete);
}

async function complete(
  c: Completion | undefined,
  current: string,
  chapterIds: () => Promise<string[]>,
): Promise<Candidates> {
  switch (c?.kind) {
    case undefined:
      return [];
    case 'dir':
      return [':dir'];
    case 'file':
      return [':file'];
    case 'words':
      return filter(
        c.words.map((w) => `${w}\t`),
        current,
      );
    case 'command':
      return filter(
        COMMANDS.map((x) => `${x.name}\t${x.summary}`),
        current,
      );
    case 'chapter':
      return filter(
        (await chapterIds()).map((id) => `${id}\t`),
        current,
      );
  }
}

const filter = (lines: readonly string[], prefix: string): string[] =>
  lines.filter((l) => l.startsWith(prefix));

/** `demystify __complete <words...>`: the candidates, for the scripts below. Never fails: a Tab must not print errors. */
export async function completeCommand(
  words: readonly string[],
  write: (line: string) => void,
): Promise<number> {
  const lessons = valueOf(words, '--lessons');
  const ids = async (): Promise<string[]> => {
    try {
      return await loadChapterIds(resolveFlags(lessons ? { lessons } : {}).lessonsDir);
    } catch {
      return [];
    }
  };
  for (const line of await candidates(words, ids)) write(line);
  return 0;
}

function valueOf(words: readonly string[], flag: string): string | undefined {
  const at = words.indexOf(flag);
  if (at >= 0 && at + 1 < words.length - 1) return words[at + 1];
  return words.find((w) => w.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
