// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a header
// line, then one JSON array per event, [time, code, data], time in seconds
// from the start. Codes: "o" output, "i" input, "m" marker, "r" resize
// ("COLSxROWS"). Pure: text in, values out; every problem is a sentence.

export interface AsciicastHeader {
  readonly version: 2;
  readonly width: number;
  readonly height: number;
  /** Unix time (seconds) of the start. */
  readonly timestamp?: number;
  readonly duration?: number;
  readonly title?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export type EventCode = 'o' | 'i' | 'm' | 'r';

export interface AsciicastEvent {
  readonly time: number;
  readonly code: EventCode;
  readonly data: string;
}

export interface ParsedCast {
  readonly header: AsciicastHeader | undefined;
  readonly events: readonly AsciicastEvent[];
  /** Spec violations, each naming its line; empty for a valid file. */
  readonly problems: readonly string[];
}

const CODES: ReadonlySet<string> = new Set(['o', 'i', 'm', 'r']);

export function encodeHeader(h: AsciicastHeader): string {
  return `${JSON.stringify(h)}\n`;
}

/** Times keep microseconds, as asciinema writes them. */
export function encodeEvent(e: AsciicastEvent): string {
  return `${JSON.stringify([Math.round(e.time * 1e6) / 1e6, e.code, e.data])}\n`;
}

export function parseAsciicast(text: string): ParsedCast {
  const problems: string[] = [];
  const lines = text.split('\n');
  const header = parseHeader(lines[0] ?? '', problems);
  const events: AsciicastEvent[] = [];
  let last = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const at = `line ${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      problems.push(`${at}: not JSON`);
      continue;
    }
    if (!Array.isArray(v) || v.length !== 3) {
      problems.push(`${at}: an event is an array of three: [time, code, data]`);
      continue;
    }
    const [time, code, data] = v as [unknown, unknown, unknown];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      problems.push(`${at}: the time must be a number of seconds, 0 or more`);
      continue;
    }
    if (time < last) problems.push(`${at}: time ${time} goes back (the previous event was at ${last})`);
    if (typeof code !== 'string' || !CODES.has(code)) {
      problems.push(`${at}: unknown event code ${JSON.stringify(code)} (o, i, m or r)`);
      continue;
    }
    if (typeof data !== 'string') {
      problems.push(`${at}: the data must be a string`);
      continue;
    }
    if (code === 'r' && !/^\d+x\d+$/.test(data))
      problems.push(`${at}: a resize is "COLSxROWS", not ${JSON.stringify(data)}`);
    last = Math.max(last, time);
    events.push({ time, code: code as EventCode, data });
  }
  return { header, events, problems };
}

function parseHeader(line: string, problems: string[]): AsciicastHeader | undefined {
  let h: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(line);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    h = v as Record<string, unknown>;
  } catch {
    problems.push('line 1: the header must be a JSON object');
    return undefined;
  }
  const before = problems.length;
  if (h.version !== 2) problems.push(`line 1: version must be 2, not ${JSON.stringify(h.version)}`);
  for (const k of ['width', 'height'] as const)
    if (!Number.isInteger(h[k]) || (h[k] as number) <= 0)
      problems.push(`line 1: ${k} must be a positive whole number`);
  if (h.timestamp !== undefined && !Number.isInteger(h.timestamp))
    problems.push('line 1: timestamp must be whole seconds since 1970');
  if (h.duration !== undefined && typeof h.duration !== 'number')
    problems.push('line 1: duration must be a number');
  if (h.title !== undefined && typeof h.title !== 'string') problems.push('line 1: title must be a string');
  if (h.env !== undefined) {
    const env = h.env as Record<string, unknown>;
    if (!env || typeof env !== 'object' || Object.values(env).some((x) => typeof x !== 'string'))
      problems.push('line 1: env must map names to strings');
  }
  return problems.length === before ? (h as unknown as AsciicastHeader) : undefined;
}
