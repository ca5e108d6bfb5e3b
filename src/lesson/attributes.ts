// The fence info string grammar:
//
//   info  := lang? ws* ( "{" ws* (attr ws*)* "}" )? ws*
//   attr  := key ( "=" value )?
//   key   := [a-z][a-z0-9-]*
//   value := bare | '"' (char | '\"' | '\\')* '"' | "'" char* "'"
//   bare  := ( ${NAME} | a character other than whitespace, quotes, "{", "}", "=" )+
//
// A key without a value is a flag (true). Columns are 1-based and absolute.
import { issue, type LessonIssue } from './issues.js';

export interface Attribute {
  readonly key: string;
  readonly value: string | true;
  readonly column: number;
  readonly valueColumn: number;
}

export interface InfoString {
  readonly lang: string;
  /** undefined when the info string has no `{...}` block. */
  readonly attrs: readonly Attribute[] | undefined;
  readonly braceColumn: number;
}

export function parseInfoString(
  file: string,
  line: number,
  column: number,
  info: string,
): { info: InfoString; issues: LessonIssue[] } {
  const issues: LessonIssue[] = [];
  const at = (offset: number): number => column + offset;
  const fail = (offset: number, message: string): { info: InfoString; issues: LessonIssue[] } => {
    issues.push(issue(file, line, at(offset), message));
    return { info: { lang, attrs: undefined, braceColumn: at(offset) }, issues };
  };

  let p = 0;
  while (p < info.length && /\s/.test(info[p] ?? '')) p++;
  const langStart = p;
  while (p < info.length && /[^\s{]/.test(info[p] ?? '')) p++;
  const lang = info.slice(langStart, p).toLowerCase();
  while (p < info.length && /\s/.test(info[p] ?? '')) p++;
  if (p >= info.length) return { info: { lang, attrs: undefined, braceColumn: at(p) }, issues };
  if (info[p] !== '{') {
    return fail(
      p,
      `unexpected "${info.slice(p).trim()}" after the language: attributes go in braces, e.g. {pane=etcd}`,
    );
  }
  const braceColumn = at(p);
  p++;
  const attrs: Attribute[] = [];
  const seen = new Map<string, number>();
  for (;;) {
    while (p < info.length && /\s/.test(info[p] ?? '')) p++;
    if (p >= info.length) return fail(p, 'the attribute list is missing its closing "}"');
    if (info[p] === '}') {
      p++;
      break;
    }
    const keyStart = p;
    const key = /^[a-z][a-z0-9-]*/.exec(info.slice(p))?.[0];
    if (!key) {
      return fail(p, `expected an attribute name (lowercase letters, digits, "-") but found "${info[p]}"`);
    }
    p += key.length;
    let value: string | true = true;
    let valueColumn = at(keyStart);
    if (info[p] === '=') {
      p++;
      valueColumn = at(p);
      const quote = info[p];
      if (quote === '"' || quote === "'") {
        let v = '';
        p++;
        while (p < info.length && info[p] !== quote) {
          if (quote === '"' && info[p] === '\\' && (info[p + 1] === '"' || info[p + 1] === '\\')) p++;
          v += info[p];
          p++;
        }
        if (p >= info.length)
          return fail(valueColumn - column, `the value of "${key}" is missing its closing ${quote}`);
        p++;
        value = v;
      } else {
        // ${NAME} may stand in a bare value (file=configs/${NAME}.yaml) though braces may not.
        const bare = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|[^\s"'{}=])+/.exec(info.slice(p))?.[0];
        if (!bare) return fail(p, `"${key}=" needs a value; quote it if it contains spaces: ${key}="..."`);
        p += bare.length;
        value = bare;
      }
    }
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(
        issue(
          file,
          line,
          at(keyStart),
          `duplicate attribute "${key}" (first given at column ${first}): keep one`,
        ),
      );
    } else {
      seen.set(key, at(keyStart));
      attrs.push({ key, value, column: at(keyStart), valueColumn });
    }
  }
  while (p < info.length && /\s/.test(info[p] ?? '')) p++;
  if (p < info.length) {
    issues.push(issue(file, line, at(p), `unexpected "${info.slice(p).trim()}" after the closing "}"`));
  }
  return { info: { lang, attrs, braceColumn }, issues };
}
