// Where the audit log is and what lumberjack (the API server's log rotator)
// leaves next to it: audit.log, and when it passes --audit-log-maxsize,
// audit-<UTC time>.log backups (at most --audit-log-maxbackup of them).
import fs from 'node:fs/promises';
import path from 'node:path';

export const AUDIT_DIR = 'audit';
export const AUDIT_LOG = 'audit.log';

/** The workshop's audit log, as chapter 3 starts the API server: $WORKSPACE/audit/audit.log. */
export function auditLogPath(workspace: string): string {
  return path.join(workspace, AUDIT_DIR, AUDIT_LOG);
}

/** lumberjack's backup name: audit-2006-01-02T15-04-05.000.log. */
const BACKUP = /^audit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}\.log$/;

export function isBackupName(name: string): boolean {
  return BACKUP.test(name);
}

/** The backups next to a log, oldest first (their names sort by time). */
export async function backupsOf(logPath: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(path.dirname(logPath));
  } catch {
    return [];
  }
  return names
    .filter(isBackupName)
    .sort()
    .map((n) => path.join(path.dirname(logPath), n));
}

/**
 * The API server runs, but was started without an audit log: what to say
 * (undefined when its command line has one). The wire view has nothing new
 * to show until it is started again with the flags.
 */
export function auditingOff(apiServerCommand: string, logPath: string): string | undefined {
  if (/--audit-log-path[= ]/.test(apiServerCommand) && /--audit-policy-file[= ]/.test(apiServerCommand))
    return undefined;
  return (
    `kube-apiserver is running without auditing, so the wire view has nothing new to show: start it again ` +
    `with --audit-policy-file and --audit-log-path=${logPath} (with --audit-log-maxsize and --audit-log-maxbackup to bound it)`
  );
}

/** What to say when there is no audit log: how to turn auditing on. */
export function noAuditLogSentence(logPath: string): string {
  return (
    `there is no audit log at ${logPath}: the API server writes one only when started with ` +
    `--audit-policy-file and --audit-log-path=${logPath} (the kube-apiserver chapter starts it so, ` +
    'and every later start of the API server keeps those flags)'
  );
}
