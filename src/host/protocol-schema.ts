// The root helper's requests, as schemas: a request is acted on only once it
// is exactly one of these shapes (no extra keys, every string of the form its
// use needs). Anything else - an operation the helper does not have, a
// process "on the host", a path that is not a terminal - is refused with a
// sentence before any of it runs.
import * as v from 'valibot';
import { COMPONENT_SIGNALS, type Request } from './protocol.js';

const NO_NUL = /^[^\0]*$/;
const node = v.pipe(v.string(), v.regex(/^node-\d$/, 'a node is named node-0 to node-9'));
const proc = v.pipe(v.string(), v.regex(/^[\w.-]{1,64}#\d{1,9}$/, 'not a process name demystify gives'));
const tty = v.pipe(v.string(), v.regex(/^\/dev\/pts\/\d{1,6}$/, 'not a pseudo-terminal'));
const command = v.pipe(v.string(), v.minLength(1), v.maxLength(256 * 1024), v.regex(NO_NUL));
const cwd = v.pipe(v.string(), v.maxLength(4096), v.regex(/^\/[^\0]*$/, 'not an absolute path'));
const env = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'not a variable name')),
    v.pipe(v.string(), v.maxLength(64 * 1024), v.regex(NO_NUL)),
  ),
  v.maxEntries(1024),
);
/** A folder under /tmp, as realpath gives it: no `.`, `..` or empty parts, no control characters. */
const tmpFolder = v.pipe(
  v.string(),
  v.maxLength(4096),
  v.regex(/^\/tmp(\/(?!\.\.?(\/|$))[^/\0-\x1f\x7f]+)+$/, 'not a folder under /tmp'),
);
const timeoutMs = v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(3_600_000));

const requestSchema = v.variant(
  'op',
  [
    v.strictObject({ op: v.literal('hello') }),
    v.strictObject({ op: v.literal('node.create'), node, keep: v.pipe(v.array(tmpFolder), v.maxLength(32)) }),
    v.strictObject({ op: v.literal('node.destroy'), node }),
    v.strictObject({ op: v.literal('component.start'), node, proc, tty, command, env, cwd }),
    v.strictObject({
      op: v.literal('component.signal'),
      node,
      proc,
      signal: v.picklist(COMPONENT_SIGNALS),
    }),
    v.strictObject({ op: v.literal('node.exec'), node, command, env, cwd, timeoutMs }),
    v.strictObject({ op: v.literal('repair') }),
    v.strictObject({ op: v.literal('shutdown') }),
  ],
  (issue) => `the root helper only does node work (${OPS.join(', ')}), not ${JSON.stringify(issue.input)}`,
);

const OPS = [
  'hello',
  'node.create',
  'node.destroy',
  'component.start',
  'component.signal',
  'node.exec',
  'repair',
  'shutdown',
] as const satisfies readonly Request['op'][];

export type Parsed =
  | { readonly ok: true; readonly id: number; readonly request: Request }
  | { readonly ok: false; readonly id: number | undefined; readonly error: string };

/** One line off the wire: a request with its id, or why it is refused (with the id to answer, if it had one). */
export function parseRequest(value: unknown): Parsed {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, id: undefined, error: 'a request is a JSON object' };
  const { id, ...rest } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1)
    return { ok: false, id: undefined, error: 'a request needs a positive integer id' };
  const res = v.safeParse(requestSchema, rest);
  if (res.success) return { ok: true, id, request: res.output as Request };
  const issue = res.issues[0];
  const where = v.getDotPath(issue);
  return { ok: false, id, error: `refused: ${where ? `${where}: ` : ''}${issue.message}` };
}
