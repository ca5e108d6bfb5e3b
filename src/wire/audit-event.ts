// One line of the API server's audit log (JSON lines, audit.k8s.io/v1
// Event) -> the few fields the wire view uses. Pure. A line that is not an
// audit event is a value with a sentence, never an exception: the view says
// so in one line and goes on.

/** Who made a request, as the API server authenticated it. */
export interface AuditUser {
  readonly username: string;
  readonly groups: readonly string[];
}

export interface AuditObjectRef {
  /** Plural resource as in the URL: "pods", "deployments", "leases". */
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  /** Empty for a collection, and for a create whose name the server chose (generateName). */
  readonly name: string;
  /** "" for the core group, "apps", "coordination.k8s.io"... */
  readonly apiGroup: string;
}

export interface AuditEvent {
  readonly auditID: string;
  /** ResponseStarted (a watch opened), ResponseComplete, Panic. */
  readonly stage: string;
  /** get, list, watch, create, update, patch, delete, deletecollection; for other URLs the HTTP verb in lower case. */
  readonly verb: string;
  readonly requestURI: string;
  readonly user: AuditUser;
  /** The user the request acted as, when it impersonated someone. */
  readonly impersonatedUser: AuditUser | undefined;
  readonly userAgent: string;
  readonly objectRef: AuditObjectRef | undefined;
  /** HTTP status; undefined while a watch is still open. */
  readonly code: number | undefined;
  /** The API server's message for a failed request (Metadata level keeps it). */
  readonly message: string | undefined;
  /** When the request arrived and when this stage was logged, ms since the epoch. */
  readonly received: number;
  readonly time: number;
}

export type AuditLine =
  { readonly kind: 'event'; readonly event: AuditEvent } | { readonly kind: 'bad'; readonly reason: string };

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function user(v: unknown): AuditUser | undefined {
  if (!isObj(v)) return undefined;
  const groups = Array.isArray(v.groups) ? v.groups.filter((g): g is string => typeof g === 'string') : [];
  return { username: str(v.username), groups };
}

function objectRef(v: unknown): AuditObjectRef | undefined {
  if (!isObj(v)) return undefined;
  return {
    resource: str(v.resource),
    subresource: str(v.subresource),
    namespace: str(v.namespace),
    name: str(v.name),
    apiGroup: str(v.apiGroup),
  };
}

/** Parses one line (without its newline). */
export function parseAuditLine(line: string): AuditLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'bad', reason: `not JSON: ${preview(line)}` };
  }
  if (!isObj(raw) || raw.kind !== 'Event' || typeof raw.verb !== 'string')
    return { kind: 'bad', reason: `JSON, but not an audit event: ${preview(line)}` };
  const time = Date.parse(str(raw.stageTimestamp));
  const received = Date.parse(str(raw.requestReceivedTimestamp));
  const status = isObj(raw.responseStatus) ? raw.responseStatus : undefined;
  return {
    kind: 'event',
    event: {
      auditID: str(raw.auditID),
      stage: str(raw.stage),
      verb: raw.verb,
      requestURI: str(raw.requestURI),
      user: user(raw.user) ?? { username: '', groups: [] },
      impersonatedUser: user(raw.impersonatedUser),
      userAgent: str(raw.userAgent),
      objectRef: objectRef(raw.objectRef),
      code: typeof status?.code === 'number' ? status.code : undefined,
      message: typeof status?.message === 'string' && status.message ? status.message : undefined,
      time: Number.isNaN(time) ? (Number.isNaN(received) ? 0 : received) : time,
      received: Number.isNaN(received) ? time : received,
    },
  };
}

/** The start of a bad line, printable and short. */
function preview(line: string): string {
  const clean = line.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean || '(an empty line)';
}

/** Verbs that change nothing. */
const READS = new Set(['get', 'list', 'watch', 'head', 'options']);

export function isRead(e: AuditEvent): boolean {
  return READS.has(e.verb);
}

export function isWatch(e: AuditEvent): boolean {
  return e.verb === 'watch';
}

/** A request that ended with an answer (not the opening of a watch). */
export function isComplete(e: AuditEvent): boolean {
  return e.stage === 'ResponseComplete' || e.stage === 'Panic';
}

export function succeeded(e: AuditEvent): boolean {
  return e.code !== undefined && e.code >= 200 && e.code < 300;
}
