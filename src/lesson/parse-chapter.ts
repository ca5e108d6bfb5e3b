// One lesson file -> one Chapter (or the list of what is wrong with it).
// Pure: text in, model or issues out.
import { controlCharIssues } from './control-chars.js';
import { parseInfoString } from './attributes.js';
import { parseFrontMatter } from './front-matter.js';
import { issue, type LessonIssue } from './issues.js';
import type { Chapter, Segment, Step } from './model.js';
import { scanLesson } from './scan.js';
import type { Attribute } from './attributes.js';
import { ATTRIBUTES_WITH_VARIABLES, fenceToStep, type Fence } from './step-schema.js';
import { BUILTIN_VARIABLES, variableRefs } from './variables.js';
import { keyPosition } from './yaml-body.js';

export function parseChapter(
  file: string,
  source: string,
): { chapter: Chapter | undefined; issues: LessonIssue[] } {
  const scanned = scanLesson(file, source);
  const issues: LessonIssue[] = [...controlCharIssues(file, source), ...scanned.issues];
  const fm = parseFrontMatter(file, scanned.frontMatter);
  issues.push(...fm.issues);

  const segments: Segment[] = [];
  const steps: Step[] = [];
  let explanation: string[] = [];
  let pendingNotes: string[] = [];
  const ids = new Map<string, number>();

  for (const block of scanned.blocks) {
    switch (block.kind) {
      case 'prose':
        segments.push({ kind: 'prose', markdown: block.text, line: block.line });
        explanation.push(block.text);
        break;
      case 'notes':
        pendingNotes.push(block.text);
        break;
      case 'hint': {
        const last = steps.at(-1);
        if (!last)
          issues.push(
            issue(file, block.line, 1, 'a hint belongs after the step it helps with; move it below a step'),
          );
        else replaceLast({ ...last, hints: [...last.hints, block.text] });
        break;
      }
      case 'fence': {
        const parsed = parseInfoString(file, block.line, block.infoColumn, block.info);
        issues.push(...parsed.issues);
        const known = new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(fm.meta?.vars ?? {})]);
        checkAttributeVariables(file, block, parsed.info.attrs ?? [], known, issues);
        // Duplicates still leave a usable attribute list (first one wins): keep validating it.
        if (parsed.issues.length && parsed.info.attrs === undefined) break;
        const res = fenceToStep(file, block, parsed.info.lang, parsed.info.attrs);
        issues.push(...res.issues);
        if (!res.step) {
          if (!res.issues.length) {
            const prose = fenceAsMarkdown(block, parsed.info.lang);
            segments.push({ kind: 'prose', markdown: prose, line: block.line });
            explanation.push(prose);
          }
          break;
        }
        const id = res.step.id ?? String(steps.length + 1);
        const first = ids.get(id);
        if (first !== undefined) {
          issues.push(
            issue(
              file,
              block.line,
              block.column,
              `step id "${id}" is already used by the step on line ${first}: ids are unique in a chapter`,
            ),
          );
        }
        ids.set(id, block.line);
        checkBodyVariables(file, block, res.step.kind, known, issues);
        const step = {
          ...res.step,
          id,
          explanation: explanation.join('\n\n').trim(),
          hints: [],
          notes: pendingNotes,
        } as Step;
        steps.push(step);
        segments.push({ kind: 'step', step });
        explanation = [];
        pendingNotes = [];
        break;
      }
    }
  }
  resolveReveals(file, steps, issues);
  if (issues.length || !fm.meta) return { chapter: undefined, issues: sortIssues(issues) };
  for (const [n, seg] of segments.entries())
    if (seg.kind === 'step') segments[n] = { kind: 'step', step: steps.find((s) => s.id === seg.step.id)! };
  const starts = [
    ...new Set(
      steps.flatMap((s) => {
        if (s.kind === 'component' && s.expect === 'ready') return [s.pane];
        // A node's shell is a pane named after the node.
        if (s.kind === 'action' && s.params.action === 'node') return [s.params.params.name];
        return [];
      }),
    ),
  ];
  return { chapter: { file, meta: fm.meta, segments, steps, closingNotes: pendingNotes, starts }, issues };

  function replaceLast(step: Step): void {
    steps[steps.length - 1] = step;
    const n = segments.findLastIndex((s) => s.kind === 'step');
    segments[n] = { kind: 'step', step };
  }
}

/**
 * A prediction's outcome is measured after its `reveal` step: a later step
 * of the chapter, by default the first check after it.
 */
function resolveReveals(file: string, steps: Step[], out: LessonIssue[]): void {
  steps.forEach((step, n) => {
    if (step.kind !== 'predict') return;
    const later = steps.slice(n + 1);
    if (step.reveal === '') {
      const check = later.find((s) => s.kind === 'check');
      if (check) steps[n] = { ...step, reveal: check.id };
      else
        out.push(
          issue(
            file,
            step.pos.line,
            step.pos.column,
            `no check follows this prediction to reveal its outcome: name the step after which it is measured, reveal: <step id>${later.length ? ` (${later.map((s) => s.id).join(', ')})` : ''}`,
          ),
        );
      return;
    }
    if (later.some((s) => s.id === step.reveal)) return;
    const p = keyPosition(step.pos.line + 1, step.body, 'reveal');
    const earlier = steps.slice(0, n).some((s) => s.id === step.reveal);
    out.push(
      issue(
        file,
        p.line,
        p.column,
        `reveal: ${step.reveal} ${earlier ? 'comes before this prediction' : 'names no step of this chapter'}: it names the later step after which the outcome is measured${later.length ? ` (${later.map((s) => s.id).join(', ')})` : ', and none follows'}`,
      ),
    );
  });
}

/** Variables in bodies the engine substitutes must exist; shell bodies are bash's business. */
function checkBodyVariables(
  file: string,
  block: Fence,
  kind: Step['kind'],
  known: ReadonlySet<string>,
  out: LessonIssue[],
): void {
  if (kind === 'shell' || kind === 'component' || kind === 'stop') return;
  block.body.split('\n').forEach((text, n) => checkText(file, block.bodyLine + n, 1, text, known, out));
}

/** ${NAME} in the attributes the engine substitutes must exist; in any other attribute it is never replaced. */
function checkAttributeVariables(
  file: string,
  block: Fence,
  attrs: readonly Attribute[],
  known: ReadonlySet<string>,
  out: LessonIssue[],
): void {
  for (const a of attrs) {
    if (typeof a.value !== 'string') continue;
    const quoted = /["']/.test(block.info[a.valueColumn - block.infoColumn] ?? '');
    const column = a.valueColumn + (quoted ? 1 : 0);
    if (ATTRIBUTES_WITH_VARIABLES.includes(a.key)) checkText(file, block.line, column, a.value, known, out);
    else if (variableRefs(a.value).length)
      out.push(
        issue(
          file,
          block.line,
          column,
          `variables are not replaced in ${a.key}=, only in ${ATTRIBUTES_WITH_VARIABLES.map((k) => `${k}=`).join(', ')}: write the value out`,
        ),
      );
  }
}

function checkText(
  file: string,
  line: number,
  column: number,
  text: string,
  known: ReadonlySet<string>,
  out: LessonIssue[],
): void {
  for (const ref of variableRefs(text)) {
    if (text[ref.index - 1] === '$' || known.has(ref.name)) continue;
    out.push(
      issue(
        file,
        line,
        column + ref.index,
        `unknown variable \${${ref.name}}: define it under vars: in the front matter, or use one of ${BUILTIN_VARIABLES.join(', ')}`,
      ),
    );
  }
}

function fenceAsMarkdown(block: Fence, lang: string): string {
  return `\`\`\`${lang}\n${block.body}\n\`\`\``;
}

function sortIssues(list: LessonIssue[]): LessonIssue[] {
  return list.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
}
