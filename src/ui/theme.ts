// Styles for the chrome as plain SGR strings, with and without colour.
// NO_COLOR (or --no-color) keeps bold, dim and reverse video, which carry
// meaning without colour, and drops every colour.

export interface Theme {
  readonly color: boolean;
  accent(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  inverse(s: string): string;
  /** Code in the lesson text: inline `code` and code blocks. */
  code(s: string): string;
  /** The focused pane's title bar and the selected row of a list. */
  selected(s: string): string;
}

const wrap =
  (open: string) =>
  (s: string): string =>
    s === '' ? s : `\x1b[${open}m${s}\x1b[0m`;

export function makeTheme(color: boolean): Theme {
  if (!color) {
    return {
      color,
      accent: wrap('1'),
      ok: (s) => s,
      bad: wrap('1'),
      warn: (s) => s,
      dim: wrap('2'),
      bold: wrap('1'),
      inverse: wrap('7'),
      code: (s) => s,
      selected: wrap('7'),
    };
  }
  return {
    color,
    accent: wrap('1;36'),
    ok: wrap('32'),
    bad: wrap('1;31'),
    warn: wrap('33'),
    dim: wrap('2'),
    bold: wrap('1'),
    inverse: wrap('7'),
    code: wrap('33'),
    selected: wrap('1;30;46'),
  };
}

/** Removes colour from SGR sequences (foreground, background, 256 and RGB), keeping bold, dim and the rest. */
export function stripColour(text: string): string {
  return text.replace(/\x1b\[([0-9;:]*)m/g, (whole, params: string) => {
    if (params === '' || params === '0') return whole;
    const parts = params.split(/[;:]/);
    const kept: string[] = [];
    for (let i = 0; i < parts.length; i += 1) {
      const n = Number(parts[i]);
      if (n === 38 || n === 48 || n === 58) {
        i += parts[i + 1] === '5' ? 2 : parts[i + 1] === '2' ? 4 : 0;
        continue;
      }
      if ((n >= 30 && n <= 39) || (n >= 40 && n <= 49) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107))
        continue;
      kept.push(parts[i] ?? '');
    }
    return kept.length ? `\x1b[${kept.join(';')}m` : '';
  });
}
