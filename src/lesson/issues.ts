// Authoring errors: each names the file, line and column, and says how to fix it.
import type { SourcePos } from './model.js';

export interface LessonIssue {
  readonly pos: SourcePos;
  readonly message: string;
}

export function issue(file: string, line: number, column: number, message: string): LessonIssue {
  return { pos: { file, line, column }, message };
}

export function formatIssue(i: LessonIssue): string {
  return `${i.pos.file}:${i.pos.line}:${i.pos.column}: ${i.message}`;
}

/** Thrown only at the I/O boundary; parsing itself returns issues as values. */
export class LessonLoadError extends Error {
  constructor(readonly issues: readonly LessonIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'LessonLoadError';
  }
}
