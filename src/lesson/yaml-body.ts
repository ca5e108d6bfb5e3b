// YAML inside a fence body (checks, actions, manifests), with errors mapped
// back to the lesson file's line and column.
import * as yaml from 'js-yaml';
import { issue, type LessonIssue } from './issues.js';

/**
 * YAML 1.2's core schema plus `<<` merge keys, which kubectl honours in
 * manifests (js-yaml 5 leaves them out by default). Dates stay strings, as
 * the API server expects them.
 */
export const yamlSchema = yaml.CORE_SCHEMA.withTags(yaml.mergeTag);

export function loadYamlBody(
  file: string,
  bodyLine: number,
  body: string,
  multi = false,
): { docs: unknown[]; issues: LessonIssue[] } {
  try {
    const docs = multi
      ? yaml.loadAll(body, { schema: yamlSchema }).filter((d) => d !== null && d !== undefined)
      : [yaml.load(body, { schema: yamlSchema })];
    return { docs, issues: [] };
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const line = bodyLine + (e.mark?.line ?? 0);
      const column = (e.mark?.column ?? 0) + 1;
      return { docs: [], issues: [issue(file, line, column, `invalid YAML: ${e.reason}`)] };
    }
    throw e;
  }
}

/** Says what is wrong with one key of a body, at the key's line and column. */
export type KeyIssue = (key: string, message: string) => LessonIssue;

export interface MappingBody {
  /** undefined when the body is not valid YAML, or not a mapping (the issues say so). */
  readonly doc: Record<string, unknown> | undefined;
  readonly at: KeyIssue;
  readonly issues: LessonIssue[];
}

/**
 * A fence body that must be one YAML mapping of known keys (a check, a
 * question, a prediction): each unknown key is an issue at its line and
 * column, so a typo does not pass silently.
 */
export function loadMapping(
  file: string,
  bodyLine: number,
  body: string,
  shape: {
    readonly keys: readonly string[];
    readonly notMapping: string;
    readonly unknown: (key: string) => string;
  },
): MappingBody {
  const at: KeyIssue = (key, message) => {
    const p = keyPosition(bodyLine, body, key);
    return issue(file, p.line, p.column, message);
  };
  const { docs, issues } = loadYamlBody(file, bodyLine, body);
  if (issues.length) return { doc: undefined, at, issues };
  const doc = docs[0];
  if (!isRecord(doc)) return { doc: undefined, at, issues: [issue(file, bodyLine, 1, shape.notMapping)] };
  for (const key of Object.keys(doc)) if (!shape.keys.includes(key)) issues.push(at(key, shape.unknown(key)));
  return { doc, at, issues };
}

/** Where `key:` is written in a YAML body, for errors about a key's value (js-yaml keeps no positions). */
export function keyPosition(bodyLine: number, body: string, key: string): { line: number; column: number } {
  const lines = body.split('\n');
  const re = new RegExp(`^(\\s*(?:-\\s+)?)["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
  for (let n = 0; n < lines.length; n++) {
    const m = re.exec(lines[n] ?? '');
    if (m) return { line: bodyLine + n, column: (m[1]?.length ?? 0) + 1 };
  }
  return { line: bodyLine, column: 1 };
}

/** Where `text` first appears in the body (e.g. a key inside a `{...}` flow mapping), if it does. */
export function textPosition(
  bodyLine: number,
  body: string,
  text: string,
): { line: number; column: number } | undefined {
  const lines = body.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const at = (lines[n] ?? '').indexOf(text);
    if (at >= 0) return { line: bodyLine + n, column: at + 1 };
  }
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
