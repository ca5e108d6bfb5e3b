// Field expectations of a check, e.g. `status.phase: Running`, evaluated
// against plain JSON objects. Paths are dotted, with brackets for what dots
// cannot say:
//   status.conditions[0].type              an array index
//   status.conditions[type=Ready].status   the element whose `type` is Ready
//   metadata.labels["app.kubernetes.io/name"]   a key with dots in it
export type Scalar = string | number | boolean | null;

export type PathSegment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'where'; readonly key: string; readonly value: string };

export class FieldPathError extends Error {
  override name = 'FieldPathError';
}

export function parseFieldPath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new FieldPathError(`the field path "${path}" is not valid at character ${i + 1}: ${why}`);
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (i === 0 || i === path.length - 1 || path[i + 1] === '.' || path[i + 1] === '[')
        fail('a dot needs a name after it');
      i++;
    } else if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) fail('"[" without "]"');
      const inner = path.slice(i + 1, end).trim();
      const quoted = /^(["'])(.*)\1$/.exec(inner);
      const where = /^([A-Za-z0-9_.-]+)\s*=\s*(["']?)(.*)\2$/.exec(inner);
      if (quoted) out.push({ kind: 'key', key: quoted[2] ?? '' });
      else if (/^\d+$/.test(inner)) out.push({ kind: 'index', index: Number(inner) });
      else if (where) out.push({ kind: 'where', key: where[1] ?? '', value: where[3] ?? '' });
      else fail('brackets hold an index [0], a match [type=Ready] or a quoted key ["a.b"]');
      i = end + 1;
      if (i < path.length && path[i] !== '.' && path[i] !== '[') fail('expected "." or "[" after "]"');
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      out.push({ kind: 'key', key: path.slice(i, j) });
      i = j;
    }
  }
  if (!out.length) fail('the path is empty');
  return out;
}

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(obj: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || cur === undefined) return undefined;
    if (seg.kind === 'key') {
      cur =
        typeof cur === 'object' && !Array.isArray(cur)
          ? (cur as Record<string, unknown>)[seg.key]
          : undefined;
    } else if (seg.kind === 'index') {
      cur = Array.isArray(cur) ? cur[seg.index] : undefined;
    } else {
      cur = Array.isArray(cur)
        ? cur.find(
            (e) =>
              e && typeof e === 'object' && String((e as Record<string, unknown>)[seg.key]) === seg.value,
          )
        : undefined;
    }
  }
  return cur;
}

/**
 * Lesson YAML says `replicas: 2` or `ready: "True"`; the object may hold 2,
 * "2", true or "True". Scalars compare by their text so authors need not
 * guess the JSON type; `null` means "not set".
 */
export function fieldMatches(actual: unknown, expected: Scalar): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

export interface FieldMismatch {
  readonly path: string;
  readonly actual: unknown;
  readonly expected: Scalar;
}

export interface CompiledFields {
  readonly entries: ReadonlyArray<{
    readonly path: string;
    readonly segments: readonly PathSegment[];
    readonly expected: Scalar;
  }>;
  /** "status.phase=Running, spec.nodeName=node-1" for progress lines. */
  readonly summary: string;
}

/** Parses every path once; throws FieldPathError naming the bad one. */
export function compileFields(fields: Readonly<Record<string, Scalar>>): CompiledFields {
  const entries = Object.entries(fields).map(([path, expected]) => ({
    path,
    segments: parseFieldPath(path),
    expected,
  }));
  return { entries, summary: entries.map((e) => `${e.path}=${formatValue(e.expected)}`).join(', ') };
}

export function mismatches(obj: unknown, fields: CompiledFields): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  for (const e of fields.entries) {
    const actual = valueAt(obj, e.segments);
    if (!fieldMatches(actual, e.expected)) out.push({ path: e.path, actual, expected: e.expected });
  }
  return out;
}

/** "status.phase is Pending, expected Running" / "status.readyReplicas is not set, expected 2". */
export function describeMismatch(m: FieldMismatch): string {
  const is = m.actual === undefined || m.actual === null ? 'is not set' : `is ${formatValue(m.actual)}`;
  return `${m.path} ${is}, expected ${m.expected === null ? 'it not to be set' : formatValue(m.expected)}`;
}

export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (typeof v === 'object') {
    const json = JSON.stringify(v);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  }
  return String(v);
}
