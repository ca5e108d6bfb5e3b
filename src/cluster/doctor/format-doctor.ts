// The doctor's table: status, check, detail, with the fix on its own line
// under a failing row. Fits 80 columns (wrapping details, not truncating them)
// and reads the same without color: FAIL is upper case so it stands out in a
// NO_COLOR or piped log.
import type { Env } from '../paths.js';
import { doctorPassed, type DoctorRow, type DoctorStatus } from './doctor-row.js';

export interface FormatOptions {
  readonly color?: boolean;
  readonly width?: number;
}

/** https://no-color.org: any non-empty NO_COLOR turns color off; so do pipes and dumb terminals. */
export function shouldColor(env: Env = process.env, isTTY: boolean = Boolean(process.stdout.isTTY)): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

const label: Record<DoctorStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL' };
const ansi: Record<DoctorStatus, [string, string]> = {
  ok: ['\u001b[32m', '\u001b[39m'],
  warn: ['\u001b[33m', '\u001b[39m'],
  fail: ['\u001b[1;31m', '\u001b[22;39m'],
};

const statusWidth = 4;
const maxCheckWidth = 24;
const gap = '  ';

/** Greedy word wrap; words longer than the width are split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

function fitCheck(check: string, width: number): string {
  return check.length > width ? `${check.slice(0, width - 1)}…` : check.padEnd(width);
}

export function summary(rows: readonly DoctorRow[]): string {
  const failed = rows.filter((r) => r.status === 'fail').length;
  const warned = rows.filter((r) => r.status === 'warn').length;
  const warnings = `${warned} warning${warned === 1 ? '' : 's'}`;
  if (!doctorPassed(rows)) {
    return `${failed} check${failed === 1 ? '' : 's'} failed, ${warnings}: fix the failures before starting the workshop.`;
  }
  return warned === 0 ? 'All checks passed.' : `Ready, with ${warnings}.`;
}

export function formatDoctor(rows: readonly DoctorRow[], options: FormatOptions = {}): string {
  const width = options.width ?? 80;
  const checkWidth = Math.min(maxCheckWidth, Math.max(0, ...rows.map((r) => r.check.length)));
  const indent = ' '.repeat(statusWidth + gap.length + checkWidth + gap.length);
  const detailWidth = Math.max(20, width - indent.length);
  const out: string[] = [];
  for (const row of rows) {
    const plain = label[row.status].padEnd(statusWidth);
    const [on, off] = ansi[row.status];
    const status = options.color ? `${on}${plain}${off}` : plain;
    const [first = '', ...more] = wrap(row.detail, detailWidth);
    out.push(`${status}${gap}${fitCheck(row.check, checkWidth)}${gap}${first}`.trimEnd());
    for (const line of more) out.push(`${indent}${line}`);
    if (row.fix && row.status !== 'ok') {
      // Hanging indent: continuation lines align under the fix text, not "fix:".
      for (const [i, line] of wrap(row.fix, detailWidth - 5).entries()) {
        out.push(`${indent}${i === 0 ? 'fix: ' : '     '}${line}`);
      }
    }
  }
  out.push('', ...wrap(summary(rows), width));
  return `${out.join('\n')}\n`;
}
