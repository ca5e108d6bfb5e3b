// `demystify wire [--since 5m] [--follow] [--all] [--who C] [--object K/N]`:
// the wire view's lines, from the workspace's audit log alone, so it works
// while the workshop runs and after `demystify test --workspace DIR` ended.
import fs from 'node:fs';
import { parseDuration } from '../lesson/duration.js';
import { auditLogPath, backupsOf, noAuditLogSentence } from '../wire/audit-files.js';
import { AuditTail, followAudit, readAudit, type TailItem } from '../wire/audit-tail.js';
import { parseObjectPattern } from '../wire/object-names.js';
import { AgentNamer, toEntry } from '../wire/wire-entry.js';
import { shows, type WireFilter } from '../wire/wire-filter.js';
import { formatEntry } from '../wire/wire-line.js';
import { CliError, EXIT } from './cli-error.js';
import type { Resolved } from './options.js';

export interface WireOptions {
  readonly since?: string | undefined;
  readonly follow?: boolean | undefined;
  readonly all?: boolean | undefined;
  readonly who?: readonly string[] | undefined;
  readonly object?: string | undefined;
  readonly namespace?: string | undefined;
}

export async function wireCommand(
  r: Resolved,
  o: WireOptions,
  write: (s: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const filter = filterFrom(o);
  const since = sinceFrom(o.since);
  const logPath = auditLogPath(r.workspace);
  if (!o.follow) await requireAuditLog(logPath);
  const namer = new AgentNamer();
  const dim = (s: string): string => (r.color ? `\x1b[2m${s}\x1b[22m` : s);
  const print = (items: readonly TailItem[]): void => {
    for (const item of items) {
      if (item.kind === 'notice') write(dim(`-- ${item.text}`));
      else {
        const entry = toEntry(item.event, namer);
        if (shows(entry, filter)) write(formatEntry(entry));
      }
    }
  };
  if (!o.follow) {
    print(await readAudit(logPath, { since }));
    return EXIT.ok;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  try {
    await followAudit(new AuditTail(logPath, { since }), print, stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return EXIT.ok;
}

export function filterFrom(o: Pick<WireOptions, 'all' | 'who' | 'object' | 'namespace'>): WireFilter {
  let object;
  if (o.object !== undefined) {
    const parsed = parseObjectPattern(o.object, o.namespace);
    if ('error' in parsed) throw new CliError(parsed.error);
    object = parsed;
  }
  return { all: o.all ?? false, who: o.who ?? [], object };
}

function sinceFrom(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new CliError(`--since wants a duration such as 30s, 5m or 1h30m, not "${text}"`);
  return Date.now() - ms;
}

/** No log and no backups: a sentence saying how to turn auditing on. */
export async function requireAuditLog(logPath: string): Promise<void> {
  if (fs.existsSync(logPath) || (await backupsOf(logPath)).length) return;
  throw new CliError(noAuditLogSentence(logPath), EXIT.failed);
}
