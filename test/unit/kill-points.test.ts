// The crash matrix's kill points come from what the lessons start, so a
// chapter split in two, or one added, moves them with the steps.
import { describe, expect, it } from 'vitest';
import { parseWorkshop } from '../../src/lesson/workshop.js';
import { KIND, killPoints } from '../helpers/kill-points.js';

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\`\n`;
const chapter = (id: string, root: boolean, ...steps: string[]) => ({
  file: `${id}.md`,
  text: [
    '---',
    `id: ${id}`,
    `title: ${id}`,
    ...(root ? ['root: nodes are namespaces'] : []),
    '---',
    '',
    ...steps.flatMap((s) => [s, '']),
  ].join('\n'),
});
const host = (pane: string) => fence(`sh {pane=${pane}}`, `sleep 1000 # ${pane}`);
const onNode = (pane: string, node: string) => fence(`sh {pane=${pane} node=${node}}`, 'sleep 1000');
const makeNode = (name: string) => fence('yaml {action=node}', `name: ${name}`);
const podsRunning = fence(
  'yaml {check}',
  'resource: {apiVersion: v1, kind: Pod, namespace: default, selector: app=web}\nfields: {status.phase: Running}',
);
const service = fence('yaml {apply}', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}');
const stop = (pane: string) => fence(`sh {stop=${pane}}`, '');

const LESSONS = [
  chapter('intro', false),
  chapter('db', false, host('db')),
  chapter('api', false, host('api'), host('watch'), stop('watch')),
  chapter('node', true, makeNode('node-0'), onNode('runtime', 'node-0')),
  chapter('agent', true, onNode('agent', 'node-0')),
  chapter('pods', true, podsRunning),
  chapter('svc', true, service),
  chapter('more', true, makeNode('node-1'), onNode('runtime-1', 'node-1')),
  chapter('end', true, stop('runtime-1'), stop('node-1'), stop('agent'), stop('runtime'), stop('node-0')),
];

const points = (lessons: typeof LESSONS) => {
  const { workshop, issues } = parseWorkshop('lessons', lessons);
  expect(issues).toEqual([]);
  return killPoints(workshop).map((p) => [p.after, p.at, p.news, `${p.kill}, then ${p.then}`]);
};

describe('kill points', () => {
  it('after each chapter that leaves something of a new kind running, each with its variation', () => {
    expect(points(LESSONS)).toEqual([
      ['db', 'api', [KIND.hostProcess], 'demystify, then next start'],
      // The watch pane stopped in its own chapter: the host's fullest is db and api.
      ['api', 'node', [KIND.hostFullest], 'demystify, then clean'],
      ['node', 'agent', [KIND.node, KIND.nodeProcess], 'demystify, then next start'],
      ['pods', 'svc', [KIND.containers], 'demystify+helper, then clean'],
      ['svc', 'more', [KIND.packetRules], 'demystify, then clean'],
      ['more', 'end', [KIND.nodes(2)], 'demystify+helper, then next start'],
    ]);
  });

  it('move with the steps when a chapter is split in two', () => {
    const split = [
      ...LESSONS.slice(0, 5),
      chapter('pods-a', true, fence('sh {node=node-0}', 'true')),
      chapter('pods-b', true, podsRunning),
      ...LESSONS.slice(6),
    ];
    expect(points(split).map(([after]) => after)).toEqual(['db', 'api', 'node', 'pods-b', 'svc', 'more']);
  });
});
