// One line per request, what the default view hides, and the filters; on the
// recorded log of a real control plane.
import { describe, expect, it } from 'vitest';
import { parseObjectPattern } from '../../src/wire/object-names.js';
import { AgentNamer, hiddenAs, toEntry, type WireEntry } from '../../src/wire/wire-entry.js';
import { describeFilter, DEFAULT_FILTER, shows, type WireFilter } from '../../src/wire/wire-filter.js';
import { formatEntry } from '../../src/wire/wire-line.js';
import { recordedAudit } from '../helpers/audit-events.js';

const namer = new AgentNamer();
const entries: WireEntry[] = recordedAudit('control-plane.log.gz').map((e) => toEntry(e, namer));
const t0 = entries[0]!.event.time;
const line = (x: WireEntry): string => formatEntry(x, { time: (ms) => `+${((ms - t0) / 1000).toFixed(3)}` });
const view = (f: Partial<WireFilter>): string[] =>
  entries.filter((x) => shows(x, { ...DEFAULT_FILTER, ...f })).map(line);
const pattern = (text: string, ns?: string) => {
  const p = parseObjectPattern(text, ns);
  if ('error' in p) throw new Error(p.error);
  return p;
};

describe('the wire view', () => {
  it('prints time, who, verb, resource, object and status; a watch when it opens and when it closes', () => {
    const scheduler = view({ who: ['scheduler'] });
    expect(scheduler).toContain(
      '+11.977  scheduler                  create  pods/binding           default/web-99c757c56-wt69t  201',
    );
    expect(scheduler.find((l) => / watch +pods /.test(l))).toMatch(
      /^\+\d+\.\d{3} {2}scheduler +watch +pods +in all namespaces \(status\.phase!=Succeeded,status\.phase!=Failed\) {2}opened$/,
    );
    const created = view({ who: ['replicaset'] }).find((l) => / create +pods /.test(l));
    expect(created).toMatch(/replicaset controller +create +pods +default\/\(new name\) +201$/);
  });

  it('hides reads, lease renewals, events and its own requests by default; --all shows them', () => {
    const hidden = new Map<string, number>();
    for (const x of entries) {
      const why = hiddenAs(x);
      if (why) hidden.set(why, (hidden.get(why) ?? 0) + 1);
    }
    expect([...hidden.keys()].sort()).toEqual(['event', 'lease', 'own', 'read']);
    expect(view({}).join('\n')).not.toMatch(/demystify \(check\)| get | list /);
    expect(view({}).some((l) => /demystify \(apply\)/.test(l))).toBe(false);
    expect(view({ all: true })).toHaveLength(entries.length);
  });

  it('shows a refused read: RBAC saying no is worth seeing', () => {
    const e = entries.find((x) => x.event.verb === 'get')!;
    expect(hiddenAs({ ...e, event: { ...e.event, code: 403 } })).toBeUndefined();
  });

  it('narrows to an object, its subresources and the lists and watches of its kind', () => {
    const web = view({ object: pattern('deployment/web', 'default') });
    expect(web.length).toBeGreaterThan(5);
    expect(web.every((l) => / deployments(\/status|\/scale)? /.test(l))).toBe(true);
    expect(
      view({ object: pattern('pod/web-*') }).filter((l) => / create +pods\/binding /.test(l)),
    ).toHaveLength(3);
    expect(describeFilter({ all: false, who: ['scheduler'], object: pattern('pods/web-*') })).toBe(
      'writes and watches of scheduler on pods/web-*',
    );
  });

  it('refuses an object it cannot read, with a sentence', () => {
    expect(parseObjectPattern('deployment/Web')).toEqual({
      error:
        '"deployment/Web" is not an object: write kind/name (deployment/web), kind/prefix* (pod/web-*) or a kind (pods)',
    });
    expect(pattern('Deployment/web')).toMatchObject({ resource: 'deployments', name: 'web', prefix: false });
    expect(pattern('rs')).toMatchObject({ resource: 'replicasets', name: undefined });
    expect(pattern('ingress/site')).toMatchObject({ resource: 'ingresses' });
    expect(pattern('networkpolicy/deny')).toMatchObject({ resource: 'networkpolicies' });
  });
});
