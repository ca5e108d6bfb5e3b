// `demystify explain <kind>/<name> [-n ns]`: the story of one object from the
// workspace's audit log alone: who created it, who changed it, what it caused.
import { auditLogPath } from '../wire/audit-files.js';
import { readAudit } from '../wire/audit-tail.js';
import { explainObject, explanationLines } from '../wire/explain.js';
import { parseObjectPattern } from '../wire/object-names.js';
import type { AuditEvent } from '../wire/audit-event.js';
import { CliError, EXIT } from './cli-error.js';
import type { Resolved } from './options.js';
import { requireAuditLog } from './wire.js';

export async function explainCommand(
  r: Resolved,
  object: string,
  namespace: string | undefined,
  write: (s: string) => void,
  warn: (s: string) => void,
): Promise<number> {
  const pattern = parseObjectPattern(object, namespace);
  if ('error' in pattern) throw new CliError(pattern.error);
  if (pattern.name === undefined || pattern.prefix)
    throw new CliError(`explain wants one object, kind/name (for example deployment/web), not "${object}"`);
  const logPath = auditLogPath(r.workspace);
  await requireAuditLog(logPath);
  const events: AuditEvent[] = [];
  for (const item of await readAudit(logPath)) {
    if (item.kind === 'event') events.push(item.event);
    else warn(`note: ${item.text}`);
  }
  const res = explainObject(events, pattern.resource, pattern.name, namespace);
  if (!res.ok) throw new CliError(res.reason, EXIT.failed);
  for (const line of explanationLines(res.explanation)) write(line);
  return EXIT.ok;
}
