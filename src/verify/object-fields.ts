// Field expectations of a check, e.g. `status.phase: Running`, evaluated
// against plain JSON objects. The path grammar is in src/lesson/field-path.ts.
import { parseFieldPath, type PathSegment } from '../lesson/field-path.js';

export type Scalar = string | number | boolean | null;

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
