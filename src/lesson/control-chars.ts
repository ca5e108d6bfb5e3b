// A lesson is text: a control character in it (an escape, a bell, an 8-bit
// C1 code, a bidirectional override) would reach the learner's terminal when
// the lesson is drawn or its command shown, where it can move the cursor,
// hide text, reorder it or rewrite the clipboard (OSC 52). Refused at its
// line and column; tabs and line ends are fine.
import { issue, type LessonIssue } from './issues.js';

/** All but tab, line feed and carriage return (a Windows line end). */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function controlCharIssues(file: string, source: string): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    for (const m of line.matchAll(CONTROL)) {
      const code = m[0].codePointAt(0)!;
      issues.push(
        issue(
          file,
          n + 1,
          [...line.slice(0, m.index)].length + 1,
          `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) in the lesson: a terminal acts on it (moving the cursor, hiding or reordering text, setting the clipboard) instead of showing it; remove it`,
        ),
      );
    }
  }
  return issues;
}
