// Turns one fenced block into a typed Step, or says it is illustrative prose.
// Each step kind has a fixed set of attributes; anything else is an error
// with the attribute's exact column.
import { parseActionParams } from './action-schema.js';
import type { Attribute } from './attributes.js';
import { parseCheck } from './check-schema.js';
import { formatDuration, parseDuration } from './duration.js';
import { issue, type LessonIssue } from './issues.js';
import {
  DEFAULT_TIMEOUT_MS,
  NODE_NAME,
  type ActionName,
  type ProbeSpec,
  type Step,
  type StepKind,
} from './model.js';
import { parsePredict, parseQuestion } from './question-schema.js';
import type { RawBlock } from './scan.js';
import { isRecord, keyPosition, loadYamlBody } from './yaml-body.js';

export const SHELL_LANGS = ['sh', 'bash', 'shell', 'console'];
export const ACTIONS: readonly ActionName[] = ['pki', 'kubeconfig', 'images', 'node'];

/** The attribute that decides a fence's kind; a fence has at most one. */
const MARKERS: Record<string, StepKind> = {
  pane: 'component',
  stop: 'stop',
  file: 'file',
  apply: 'apply',
  check: 'check',
  action: 'action',
  question: 'question',
  predict: 'predict',
};

/** The attributes each kind of step takes (and `example`, on any shell block). */
export const ALLOWED: Record<StepKind, readonly string[]> = {
  shell: ['id', 'expect', 'timeout', 'node', 'wire'],
  component: [
    'id',
    'pane',
    'ready',
    'ca',
    'cert',
    'key',
    'insecure-skip-tls-verify',
    'node',
    'expect',
    'timeout',
    'wire',
  ],
  stop: ['id', 'stop', 'wire'],
  file: ['id', 'file', 'mode'],
  apply: ['id', 'apply', 'timeout', 'wire'],
  check: ['id', 'check', 'timeout', 'wire'],
  action: ['id', 'action'],
  question: ['id', 'question'],
  predict: ['id', 'predict'],
};
const FLAGS = new Set(['apply', 'check', 'question', 'predict', 'example', 'insecure-skip-tls-verify']);
/** Attributes that are a flag alone or take a value: `{wire}`, `{wire=scheduler}`. */
const EITHER = new Set(['wire']);
/** A wire view filter word: a component as the wire view names it ("scheduler", "kubelet node-1"). */
const WIRE_WORD = /^[a-z][a-z0-9-]*( [a-z0-9-]+)?$/;
/** Attributes whose value gets ${NAME} replaced when the step runs; in any other, a variable is an error. */
export const ATTRIBUTES_WITH_VARIABLES: readonly string[] = ['file', 'ready', 'ca', 'cert', 'key'];
const NAME = /^[a-z0-9][a-z0-9-]*$/;

export type Fence = Extract<RawBlock, { kind: 'fence' }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A step before the chapter fills in its id, explanation, hints and notes. */
export type StepDraft = DistributiveOmit<Step, 'explanation' | 'hints' | 'notes' | 'id'> & {
  id: string | undefined;
};

export function fenceToStep(
  file: string,
  fence: Fence,
  lang: string,
  attrs: readonly Attribute[] | undefined,
): { step: StepDraft | undefined; issues: LessonIssue[] } {
  const issues: LessonIssue[] = [];
  const isShell = SHELL_LANGS.includes(lang);
  if (attrs === undefined) {
    if (!isShell) return { step: undefined, issues };
    attrs = [];
  }
  if (attrs.some((a) => a.key === 'example')) {
    for (const a of attrs)
      if (a.key !== 'example')
        issues.push(at(a, `an {example} block is not run, so "${a.key}" has no effect: remove it`));
    return { step: undefined, issues };
  }
  const markers = attrs.filter((a) => a.key in MARKERS);
  if (markers.length > 1) {
    issues.push(
      at(
        markers[1]!,
        `"${markers[0]!.key}" and "${markers[1]!.key}" cannot be combined: a fence is one step, split it`,
      ),
    );
    return { step: undefined, issues };
  }
  const kind: StepKind | undefined = markers[0] ? MARKERS[markers[0].key] : isShell ? 'shell' : undefined;
  if (!kind) {
    issues.push(
      issue(
        file,
        fence.line,
        fence.infoColumn,
        `a "${lang || 'plain'}" block with attributes needs one of file=, apply, check, question, predict or action= (or {example} to show it without running)`,
      ),
    );
    return { step: undefined, issues };
  }
  if ((kind === 'component' || kind === 'stop') && !isShell) {
    issues.push(
      at(markers[0]!, `"${markers[0]!.key}" belongs on a shell block: \`\`\`sh {${markers[0]!.key}=...}`),
    );
  }
  const get = new Map<string, Attribute>();
  for (const a of attrs) {
    if (a.key === 'sudo' && kind === 'component') {
      issues.push(
        at(
          a,
          'sudo: demystify runs nothing as root on the host, only inside a node: start it there with node=node-0',
        ),
      );
      continue;
    }
    if (!ALLOWED[kind].includes(a.key)) {
      issues.push(
        at(a, `unknown attribute "${a.key}" for a ${kind} step: allowed are ${ALLOWED[kind].join(', ')}`),
      );
      continue;
    }
    if (FLAGS.has(a.key) && a.value !== true)
      issues.push(at(a, `"${a.key}" is a flag: write it without a value`));
    if (!FLAGS.has(a.key) && !EITHER.has(a.key) && a.value === true)
      issues.push(at(a, `"${a.key}" needs a value: ${a.key}=...`));
    get.set(a.key, a);
  }
  const str = (key: string): string | undefined => {
    const v = get.get(key)?.value;
    return typeof v === 'string' ? v : undefined;
  };
  const id = str('id');
  if (id !== undefined && !NAME.test(id))
    issues.push(at(get.get('id')!, 'an id is lowercase letters, digits and "-"'));
  let timeoutMs: number | undefined;
  if (str('timeout') !== undefined) {
    timeoutMs = parseDuration(str('timeout')!);
    if (timeoutMs === undefined)
      issues.push(valueAt(get.get('timeout')!, 'timeout is a duration such as 30s or 2m'));
  }
  const base = {
    id,
    pos: { file, line: fence.line, column: fence.column },
    lang,
    body: fence.body,
    timeoutMs,
    ...(get.has('wire') ? { wire: wireWords(get.get('wire')!) } : {}),
  };
  const bodyEmpty = fence.body.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'));
  const needBody = (what: string): void => {
    if (bodyEmpty)
      issues.push(
        issue(
          file,
          fence.line,
          fence.column,
          `this ${what} is empty: put ${what === 'pane' ? 'the command that starts the component' : 'its content'} inside the block`,
        ),
      );
  };

  const step = ((): StepDraft | undefined => {
    switch (kind) {
      case 'shell': {
        needBody('shell step');
        const expect = enumValue(get.get('expect'), ['success', 'fail'], issues) ?? 'success';
        return { ...base, kind, expect, node: nodeName() };
      }
      case 'component': {
        needBody('pane');
        const pane = str('pane') ?? '';
        if (pane && (!NAME.test(pane) || pane === 'shell'))
          issues.push(
            valueAt(
              get.get('pane')!,
              'a pane name is lowercase letters, digits and "-" (and not "shell", the learner\'s own pane)',
            ),
          );
        const expect = enumValue(get.get('expect'), ['ready', 'fail'], issues) ?? 'ready';
        const ready = get.get('ready') ? parseProbe(get.get('ready')!, get, issues) : undefined;
        for (const k of ['ca', 'cert', 'key', 'insecure-skip-tls-verify']) {
          if (get.has(k) && ready?.kind !== 'https')
            issues.push(at(get.get(k)!, `"${k}" only applies to an https:// readiness probe`));
        }
        const insecure = get.get('insecure-skip-tls-verify');
        if (insecure && get.has('ca'))
          issues.push(
            at(
              insecure,
              'ca= and insecure-skip-tls-verify contradict each other: keep ca= to verify the server',
            ),
          );
        const node = nodeName();
        return { ...base, kind, pane, node, ready, expect };
      }
      case 'stop': {
        const pane = str('stop') ?? '';
        if (pane && !NAME.test(pane))
          issues.push(valueAt(get.get('stop')!, 'stop= names the pane to stop, e.g. stop=kube-apiserver'));
        return { ...base, kind, pane };
      }
      case 'file': {
        needBody('file');
        const path = str('file') ?? '';
        if (path.startsWith('/') || path.split('/').includes('..') || path === '') {
          issues.push(
            valueAt(
              get.get('file')!,
              'file= is a path inside the workspace, e.g. file=configs/etcd.yaml (no leading / or ..)',
            ),
          );
        }
        const modeText = str('mode') ?? '0644';
        if (!/^0?[0-7]{3}$/.test(modeText))
          issues.push(valueAt(get.get('mode')!, 'mode is octal, e.g. mode=0600'));
        return { ...base, kind, path, mode: parseInt(modeText, 8) };
      }
      case 'apply': {
        needBody('manifest');
        const { docs, issues: yamlIssues } = loadYamlBody(file, fence.bodyLine, fence.body, true);
        issues.push(...yamlIssues);
        docs.forEach((d, n) => {
          if (!isRecord(d) || typeof d.apiVersion !== 'string' || typeof d.kind !== 'string') {
            issues.push(
              issue(file, fence.bodyLine, 1, `document ${n + 1} of this manifest needs apiVersion and kind`),
            );
          }
        });
        return { ...base, kind };
      }
      case 'check': {
        const { check, issues: checkIssues } = parseCheck(file, fence.bodyLine, fence.body);
        issues.push(...checkIssues);
        const limit = timeoutMs ?? DEFAULT_TIMEOUT_MS.check;
        if (check?.holdMs !== undefined && check.holdMs >= limit) {
          const p = keyPosition(fence.bodyLine, fence.body, 'hold');
          issues.push(
            issue(
              file,
              p.line,
              p.column,
              `hold (${formatDuration(check.holdMs)}) is not shorter than this check's timeout (${formatDuration(limit)}${timeoutMs === undefined ? ', the default' : ''}), so the check could never pass: give the fence a longer timeout, e.g. \`\`\`yaml {check timeout=${Math.ceil(check.holdMs / 60_000) + 1}m}`,
            ),
          );
        }
        return check ? { ...base, kind, check } : undefined;
      }
      case 'question': {
        const { fields, issues: bodyIssues } = parseQuestion(file, fence.bodyLine, fence.body);
        issues.push(...bodyIssues);
        return fields ? { ...base, kind, ...fields } : undefined;
      }
      case 'predict': {
        const { fields, issues: bodyIssues } = parsePredict(file, fence.bodyLine, fence.body);
        issues.push(...bodyIssues);
        return fields ? { ...base, kind, ...fields } : undefined;
      }
      case 'action': {
        const action = enumValue(get.get('action'), ACTIONS, issues);
        const { docs, issues: yamlIssues } = loadYamlBody(file, fence.bodyLine, fence.body);
        issues.push(...yamlIssues);
        if (!action || yamlIssues.length) return undefined;
        const parsed = parseActionParams(file, fence.bodyLine, fence.body, action, docs[0]);
        issues.push(...parsed.issues);
        return parsed.params ? { ...base, kind, action, params: parsed.params } : undefined;
      }
    }
  })();
  return { step: issues.length ? undefined : step, issues };

  function wireWords(a: Attribute): readonly string[] {
    if (a.value === true) return [];
    const words = a.value.split(',').map((w) => w.trim());
    if (words.some((w) => !WIRE_WORD.test(w)))
      issues.push(
        valueAt(
          a,
          'wire= names the components to show, as the wire view names them: wire=scheduler, wire="kubelet node-1", wire=replicaset-controller,scheduler',
        ),
      );
    return words;
  }
  function nodeName(): string | undefined {
    const a = get.get('node');
    if (!a || typeof a.value !== 'string') return undefined;
    if (!NODE_NAME.test(a.value))
      issues.push(valueAt(a, "node= names one of the workshop's nodes: node-0 to node-9"));
    return a.value;
  }
  function at(a: Attribute, message: string): LessonIssue {
    return issue(file, fence.line, a.column, message);
  }
  function valueAt(a: Attribute, message: string): LessonIssue {
    return issue(file, fence.line, a.valueColumn, message);
  }
  function enumValue<T extends string>(
    a: Attribute | undefined,
    values: readonly T[],
    out: LessonIssue[],
  ): T | undefined {
    if (!a || a.value === true) return undefined;
    if ((values as readonly string[]).includes(a.value)) return a.value as T;
    out.push(
      valueAt(a, `${a.key}=${a.value} is not known: use ${values.map((v) => `${a.key}=${v}`).join(' or ')}`),
    );
    return undefined;
  }
  function parseProbe(a: Attribute, all: Map<string, Attribute>, out: LessonIssue[]): ProbeSpec | undefined {
    const v = typeof a.value === 'string' ? a.value : '';
    if (v.startsWith('log:') && v.length > 4) {
      try {
        new RegExp(v.slice(4));
        return { kind: 'log', pattern: v.slice(4) };
      } catch {
        out.push(valueAt(a, `the log pattern "${v.slice(4)}" is not a valid regular expression`));
        return undefined;
      }
    }
    const tcp = /^tcp:([^:\s]+):(\d{1,5})$/.exec(v);
    if (tcp && Number(tcp[2]) > 0 && Number(tcp[2]) < 65536)
      return { kind: 'tcp', host: tcp[1]!, port: Number(tcp[2]) };
    if (/^https:\/\/[^\s/]+/.test(v)) {
      const f = (k: string): string | undefined => {
        const x = all.get(k)?.value;
        return typeof x === 'string' ? x : undefined;
      };
      return {
        kind: 'https',
        url: v,
        ca: f('ca'),
        cert: f('cert'),
        key: f('key'),
        verifyTls: !all.has('insecure-skip-tls-verify'),
      };
    }
    out.push(valueAt(a, 'ready is tcp:HOST:PORT, https://URL (with ca=, cert=, key=) or log:PATTERN'));
    return undefined;
  }
}
