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
