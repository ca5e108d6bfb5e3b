// The class protocol: JSON text messages over a WebSocket (wss, path /class),
// and binary messages that carry a shared screen's terminal bytes. Every
// message from the network is validated here before anything reads it: a
// malformed or oversized one is refused as a value (counted by the server),
// never thrown. docs/class.md lists these messages field by field; keep
// the two in step.

export const PROTOCOL_VERSION = 1;
export const WS_PATH = '/class';

export const LIMITS = {
  /** ws closes a connection whose message is larger than this (it never buffers more). */
  hardPayload: 1024 * 1024,
  /** A text message longer than this is dropped and counted as oversized. */
  textMessage: 8 * 1024,
  /** A screen chunk larger than this is dropped and counted as oversized. */
  screenChunk: 256 * 1024,
  name: 40,
  title: 120,
  label: 120,
  reason: 200,
  /** The learner's secret id: base64url, 22 characters (128 bits) or more. */
  idMin: 22,
  idMax: 64,
  /** Terminal sizes a shared screen may claim. */
  cols: 500,
  rows: 200,
} as const;

export type StepState = 'todo' | 'running' | 'waiting' | 'failed' | 'passed' | 'done';
const STEP_STATES: readonly string[] = ['todo', 'running', 'waiting', 'failed', 'passed', 'done'];

/** What a learner sends about where they are: the whole picture each time (small, and a restart loses nothing). */
export interface Progress {
  readonly type: 'progress';
  readonly chapter: {
    readonly id: string;
    readonly title: string;
    readonly index: number;
    readonly count: number;
  };
  /** The step the learner is on; null at the end of the chapter. */
  readonly step: {
    readonly id: string;
    readonly label: string;
    readonly index: number;
    readonly count: number;
  } | null;
  readonly state: StepState;
  /** The check's waiting sentence or failure reason, first line only. */
  readonly reason: string | null;
  readonly hints: number;
  /** How long the learner has been on this step, by their own clock. */
  readonly stepMs: number;
}

export type Role = 'learner' | 'watcher' | 'presenter';

export type Hello =
  | {
      readonly type: 'hello';
      readonly v: number;
      readonly role: 'learner';
      readonly code: string;
      readonly id: string;
      readonly name: string;
    }
  | { readonly type: 'hello'; readonly v: number; readonly role: 'watcher'; readonly code: string }
  | { readonly type: 'hello'; readonly v: number; readonly role: 'presenter'; readonly token: string };

export type ClientMessage =
  | Hello
  | Progress
  | { readonly type: 'hand'; readonly up: boolean }
  /** A screen shared (the learner's, or the presenter's): binary messages follow while on. */
  | { readonly type: 'share'; readonly on: boolean; readonly cols: number; readonly rows: number }
  | { readonly type: 'bye' };

export type ServerMessage =
  | { readonly type: 'welcome'; readonly role: Role; readonly title: string }
  | { readonly type: 'refused'; readonly reason: string }
  /** Draw your whole screen again: someone started watching it. */
  | { readonly type: 'keyframe' }
  /** How many are watching your shared screen. */
  | { readonly type: 'viewers'; readonly count: number }
  /** To a watcher: the presenter's screen, on or off, and its size. */
  | { readonly type: 'screen'; readonly on: boolean; readonly cols: number; readonly rows: number };

export type Parsed<T> =
  { readonly ok: true; readonly msg: T } | { readonly ok: false; readonly why: 'malformed' | 'oversized' };

/** One line of plain text: control characters (a terminal escape included) and bidi overrides become spaces; cut to `max`. */
export function plainLine(s: string, max: number): string {
  const line = s
    // Whole escape sequences first (CSI, OSC, and two-byte ones), so no "[2J" is left behind.
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b[@-_]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number, min = 0): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const isInt = (v: unknown, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;

function json(text: string, max: number): Parsed<Obj> {
  if (text.length > max) return { ok: false, why: 'oversized' };
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? { ok: true, msg: v } : { ok: false, why: 'malformed' };
  } catch {
    return { ok: false, why: 'malformed' };
  }
}

const ID = /^[A-Za-z0-9_-]+$/;

function hello(o: Obj): Hello | undefined {
  if (!isInt(o.v, 1000)) return undefined;
  if (
    o.role === 'learner' &&
    isStr(o.code, 20, 1) &&
    isStr(o.id, LIMITS.idMax, LIMITS.idMin) &&
    ID.test(o.id) &&
    isStr(o.name, 200, 1)
  ) {
    const name = plainLine(o.name, LIMITS.name);
    return name ? { type: 'hello', v: o.v, role: 'learner', code: o.code, id: o.id, name } : undefined;
  }
  if (o.role === 'watcher' && isStr(o.code, 20, 1))
    return { type: 'hello', v: o.v, role: 'watcher', code: o.code };
  if (o.role === 'presenter' && isStr(o.token, 200, 1))
    return { type: 'hello', v: o.v, role: 'presenter', token: o.token };
  return undefined;
}

/** A chapter or a step: an id, a title or label, where it is in how many. */
function place(
  v: unknown,
  text: 'title' | 'label',
): { id: string; text: string; index: number; count: number } | undefined {
  if (
    !isObj(v) ||
    !isStr(v.id, 200, 1) ||
    !isStr(v[text], 1000) ||
    !isInt(v.index, 10_000) ||
    !isInt(v.count, 10_000)
  )
    return undefined;
  return {
    id: plainLine(v.id, LIMITS.label),
    text: plainLine(v[text], text === 'title' ? LIMITS.title : LIMITS.label),
    index: v.index,
    count: v.count,
  };
}

function progress(o: Obj): Progress | undefined {
  const c = place(o.chapter, 'title');
  const s = o.step === null ? null : place(o.step, 'label');
  if (!c || s === undefined) return undefined;
  if (typeof o.state !== 'string' || !STEP_STATES.includes(o.state)) return undefined;
  if (o.reason !== null && !isStr(o.reason, 4000)) return undefined;
  if (!isInt(o.hints, 1000) || !isInt(o.stepMs, 1e11)) return undefined;
  return {
    type: 'progress',
    chapter: { id: c.id, title: c.text, index: c.index, count: c.count },
    step: s === null ? null : { id: s.id, label: s.text, index: s.index, count: s.count },
    state: o.state as StepState,
    reason: o.reason === null ? null : plainLine(o.reason, LIMITS.reason),
    hints: o.hints,
    stepMs: o.stepMs,
  };
}

/** A text message from a client, validated; names and reasons come back as plain single lines. */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  const p = json(text, LIMITS.textMessage);
  if (!p.ok) return p;
  const o = p.msg;
  let msg: ClientMessage | undefined;
  switch (o.type) {
    case 'hello':
      msg = hello(o);
      break;
    case 'progress':
      msg = progress(o);
      break;
    case 'hand':
      msg = typeof o.up === 'boolean' ? { type: 'hand', up: o.up } : undefined;
      break;
    case 'share':
      msg =
        typeof o.on === 'boolean' && isInt(o.cols, LIMITS.cols) && isInt(o.rows, LIMITS.rows)
          ? { type: 'share', on: o.on, cols: Math.max(1, o.cols), rows: Math.max(1, o.rows) }
          : undefined;
      break;
    case 'bye':
      msg = { type: 'bye' };
      break;
  }
  return msg ? { ok: true, msg } : { ok: false, why: 'malformed' };
}

/** A text message from the server, validated the same way (the server is pinned, but a bug there must not crash a learner). */
export function parseServerMessage(text: string): Parsed<ServerMessage> {
  const p = json(text, LIMITS.textMessage);
  if (!p.ok) return p;
  const o = p.msg;
  let msg: ServerMessage | undefined;
  if (
    o.type === 'welcome' &&
    (o.role === 'learner' || o.role === 'watcher' || o.role === 'presenter') &&
    isStr(o.title, 1000)
  )
    msg = { type: 'welcome', role: o.role, title: plainLine(o.title, LIMITS.title) };
  else if (o.type === 'refused' && isStr(o.reason, 1000))
    msg = { type: 'refused', reason: plainLine(o.reason, LIMITS.reason) };
  else if (o.type === 'keyframe') msg = { type: 'keyframe' };
  else if (o.type === 'viewers' && isInt(o.count, 1e6)) msg = { type: 'viewers', count: o.count };
  else if (
    o.type === 'screen' &&
    typeof o.on === 'boolean' &&
    isInt(o.cols, LIMITS.cols) &&
    isInt(o.rows, LIMITS.rows)
  )
    msg = { type: 'screen', on: o.on, cols: Math.max(1, o.cols), rows: Math.max(1, o.rows) };
  return msg ? { ok: true, msg } : { ok: false, why: 'malformed' };
}

/** A WebSocket message's data as one Buffer, whatever form ws handed it in. */
export function asBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** WebSocket close codes the server uses (4000-4999 are the application's own). */
export const CLOSE = {
  refused: 4003,
  replaced: 4009,
  helloTimeout: 4008,
  serverClosing: 1001,
  tooBig: 1009,
} as const;
