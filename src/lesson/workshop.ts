// Chapters -> a Workshop, with the checks that span files: unique chapter
// ids; components a chapter requires or stops, or a check names, being
// started earlier; one folder for the admin kubeconfig and the certificates.
import { clusterAccess } from './cluster-access.js';
import { issue, type LessonIssue } from './issues.js';
import type { Chapter, Workshop } from './model.js';
import { parseChapter } from './parse-chapter.js';
import { rootIssues } from './root-rules.js';
import { folderMeta, type WorkshopMeta } from './workshop-manifest.js';
import { keyPosition } from './yaml-body.js';

export interface LessonSource {
  readonly file: string;
  readonly text: string;
}

export function parseWorkshop(
  dir: string,
  sources: readonly LessonSource[],
  meta: WorkshopMeta = folderMeta(dir),
): { workshop: Workshop; issues: LessonIssue[] } {
  const issues: LessonIssue[] = [];
  const chapters: Chapter[] = [];
  for (const src of sources) {
    const res = parseChapter(src.file, src.text);
    issues.push(...res.issues);
    if (res.chapter) chapters.push(res.chapter);
  }
  const seen = new Map<string, string>();
  const running = new Set<string>();
  // Every pane a step has started so far (even one started to fail): a check may show its log.
  const started = new Set<string>(['shell']);
  for (const ch of chapters) {
    const other = seen.get(ch.meta.id);
    if (other)
      issues.push(
        issue(
          ch.file,
          2,
          1,
          `chapter id "${ch.meta.id}" is already used by ${other}: ids are unique in a workshop`,
        ),
      );
    seen.set(ch.meta.id, ch.file);
    for (const r of ch.meta.requires) {
      if (!running.has(r)) {
        issues.push(issue(ch.file, 2, 1, `requires "${r}", but no earlier chapter starts a pane named ${r}`));
      }
    }
    for (const step of ch.steps) {
      if (step.kind === 'component') started.add(step.pane);
      const component = step.kind === 'check' ? step.check.component : undefined;
      if (component !== undefined && !started.has(component)) {
        const p = keyPosition(step.pos.line + 1, step.body, 'component');
        issues.push(
          issue(
            ch.file,
            p.line,
            p.column,
            `component: ${component} names no pane an earlier step starts, so it has no log to show: use one of ${[...started].join(', ')}, or drop component:`,
          ),
        );
      }
      if (
        step.kind === 'stop' &&
        !running.has(step.pane) &&
        !ch.steps.some(
          (s) =>
            s.pos.line < step.pos.line &&
            ((s.kind === 'component' && s.pane === step.pane) ||
              // A node's shell is a pane named after the node.
              (s.kind === 'action' && s.params.action === 'node' && s.params.params.name === step.pane)),
        )
      ) {
        issues.push(
          issue(
            ch.file,
            step.pos.line,
            step.pos.column,
            `stop=${step.pane}: no earlier step starts a pane named ${step.pane}`,
          ),
        );
      }
    }
    ch.starts.forEach((p) => running.add(p));
  }
  issues.push(...rootIssues(chapters));
  const access = clusterAccess(chapters);
  issues.push(...access.issues);
  return {
    workshop: { dir, meta, language: meta.language, languages: [], chapters, access: access.access },
    issues,
  };
}

/** A chapter by id, or by its 1-based position or file-name prefix ("3", "03"). */
export function findChapter(workshop: Workshop, key: string): Chapter | undefined {
  const byId = workshop.chapters.find((c) => c.meta.id === key);
  if (byId) return byId;
  if (/^\d+$/.test(key)) {
    const n = Number(key);
    const byPrefix = workshop.chapters.find((c) => {
      const m = /^(\d+)/.exec(c.file.split('/').pop() ?? '');
      return m !== null && Number(m[1]) === n;
    });
    return byPrefix;
  }
  return undefined;
}
