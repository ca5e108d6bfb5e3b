// The field paths a check's `fields:` names, e.g. `status.phase`. Dotted,
// with brackets for what dots cannot say:
//   status.conditions[0].type                  an array index
//   status.conditions[type=Ready].status       the element whose `type` is Ready
//   metadata.labels["app.kubernetes.io/name"]  a key with dots in it
// Parsed at lint time (a malformed path is the lesson's mistake, with its
// column) and again by the resource check that evaluates it.
export type PathSegment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'where'; readonly key: string; readonly value: string };

export type FieldPathResult =
  | { readonly ok: true; readonly segments: readonly PathSegment[] }
  /** `at` is the 0-based offset of the character where the path goes wrong. */
  | { readonly ok: false; readonly at: number; readonly why: string };

export class FieldPathError extends Error {
  override name = 'FieldPathError';
}

export function readFieldPath(path: string): FieldPathResult {
  const out: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): FieldPathResult => ({ ok: false, at: i, why });
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (i === 0 || i === path.length - 1 || path[i + 1] === '.' || path[i + 1] === '[')
        return fail('a dot needs a name after it');
      i++;
    } else if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return fail('"[" without "]"');
      const inner = path.slice(i + 1, end).trim();
      const quoted = /^(["'])(.*)\1$/.exec(inner);
      const where = /^([A-Za-z0-9_.-]+)\s*=\s*(["']?)(.*)\2$/.exec(inner);
      if (quoted) out.push({ kind: 'key', key: quoted[2] ?? '' });
      else if (/^\d+$/.test(inner)) out.push({ kind: 'index', index: Number(inner) });
      else if (where) out.push({ kind: 'where', key: where[1] ?? '', value: where[3] ?? '' });
      else return fail('brackets hold an index [0], a match [type=Ready] or a quoted key ["a.b"]');
      i = end + 1;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') return fail('expected "." or "[" after "]"');
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      out.push({ kind: 'key', key: path.slice(i, j) });
      i = j;
    }
  }
  if (!out.length) return fail('the path is empty');
  return { ok: true, segments: out };
}

/** The segments of `path`; throws FieldPathError naming the path and the character. */
export function parseFieldPath(path: string): PathSegment[] {
  const r = readFieldPath(path);
  if (!r.ok) throw new FieldPathError(describeFieldPathError(path, r));
  return [...r.segments];
}

export function describeFieldPathError(path: string, r: Extract<FieldPathResult, { ok: false }>): string {
  return `the field path "${path}" is not valid at character ${r.at + 1}: ${r.why}`;
}
