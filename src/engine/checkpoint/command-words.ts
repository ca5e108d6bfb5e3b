// A component's command line read the way bash would start it, so a
// checkpoint can learn where a component keeps its state (etcd's --data-dir,
// the kubelet's --root-dir) from the same text the lesson runs. Only what
// component commands use: quotes, backslashes and $VAR / ${VAR} expansion.
// Command substitutions and globs are left as written: a checkpoint never
// runs anything to find out.

/** The words of a one-line command, quotes removed and variables expanded from `env`. */
export function shellWords(command: string, env: Readonly<Record<string, string>>): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const text = command.replace(/\\\n/g, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      // Inside double quotes a backslash only escapes these; elsewhere anything.
      if (quote !== '"' || '"\\$`'.includes(next)) {
        word += next;
        i++;
      } else word += ch;
      inWord = true;
      continue;
    }
    if (ch === '$') {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
      if (m) {
        word += env[m[1] ?? m[2] ?? ''] ?? '';
        i += m[0].length - 1;
        inWord = true;
        continue;
      }
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    // A list or a pipe ends the first command; what follows is not its arguments.
    if (ch === ';' || ch === '|' || ch === '&') break;
    word += ch;
    inWord = true;
  }
  if (inWord) words.push(word);
  return words;
}

export interface Invocation {
  /** The program's file name without its folder, e.g. "etcd". */
  readonly program: string;
  readonly args: readonly string[];
}

/** The program a command line runs: past `VAR=x` assignments and `exec`, `env`, `sudo` wrappers. */
export function invocationOf(words: readonly string[]): Invocation | undefined {
  let i = 0;
  for (;;) {
    const w = words[i];
    if (w === undefined) return undefined;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w === 'exec' || w === 'env' || w === '--') i++;
    else if (w === 'sudo') {
      i++;
      while (words[i]?.startsWith('-')) i++;
    } else break;
  }
  const program = words[i]!;
  return { program: program.slice(program.lastIndexOf('/') + 1), args: words.slice(i + 1) };
}

/** The value of `--name=value` or `--name value` (single dash too); the last one wins, as in Go's flag packages. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const prefix of [`--${name}`, `-${name}`]) {
      if (a === prefix && i + 1 < args.length && !args[i + 1]!.startsWith('-')) value = args[i + 1];
      else if (a.startsWith(`${prefix}=`)) value = a.slice(prefix.length + 1);
    }
  }
  return value;
}
