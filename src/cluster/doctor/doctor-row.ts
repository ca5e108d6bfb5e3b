// One line of the doctor's report.
export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorRow {
  /** Short name of what was checked, e.g. "cgroups" or "kube-apiserver". */
  readonly check: string;
  readonly status: DoctorStatus;
  /** What was found, as a sentence fragment. */
  readonly detail: string;
  /** What to do about it, for warn and fail. */
  readonly fix?: string;
}

/** The exit decision: warnings are information, failures stop the workshop. */
export function doctorPassed(rows: readonly DoctorRow[]): boolean {
  return rows.every((row) => row.status !== 'fail');
}
