// The session's wire feed: lines under a filter, bounded, notices kept, and
// the story of a step's window from the recorded control-plane log; and the
// controller's wire state (a {wire} step opens the view; leaving a step
// closes its window for "what just happened").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WireFeed } from '../../src/engine/wire-feed.js';
import { DEFAULT_FILTER } from '../../src/wire/wire-filter.js';
import { auditLine, recordedAudit } from '../helpers/audit-events.js';

const recorded = recordedAudit('control-plane.log.gz');
const fed = (capacity?: number): WireFeed => {
  const feed = new WireFeed('/nonexistent/audit.log', { capacity });
  feed.take(recorded.map((event) => ({ kind: 'event', event })));
  return feed;
};

describe('the wire feed', () => {
  it('shows the last lines under a filter, oldest first', () => {
    const lines = fed().view({ ...DEFAULT_FILTER, who: ['scheduler'] }, 3, { time: () => 'T' });
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('T  scheduler '))).toBe(true);
    expect(lines.at(-1)).toMatch(/create +pods\/binding +default\/web-99c757c56-sqcqm +201$/);
  });

  it('keeps at most its capacity', () => {
    const feed = fed(100);
    expect(feed.view({ ...DEFAULT_FILTER, all: true }, 1000)).toHaveLength(100);
  });

  it('keeps notices about the log itself, whatever the filter', () => {
    const feed = fed();
    feed.take([{ kind: 'notice', text: 'the audit log was truncated' }]);
    expect(feed.view({ ...DEFAULT_FILTER, who: ['nobody'] }, 5)).toEqual(['-- the audit log was truncated']);
  });

  it("tells what a step's window set off", () => {
    const scale = recorded.find((e) => e.objectRef?.subresource === 'scale')!;
    expect(
      fed()
        .story(scale.time - 1, scale.time + 500)
        .slice(0, 4),
    ).toEqual([
      'you (kubectl) scaled deployment/web',
      '  deployment controller updated replicaset/web-99c757c56',
      '    replicaset controller created pod/web-99c757c56-sqcqm',
      '    scheduler bound pod/web-99c757c56-sqcqm',
    ]);
  });

  it('follows the log from the end, as a session does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wire-feed-'));
    const log = path.join(dir, 'audit.log');
    fs.writeFileSync(
      log,
      `${auditLine({ verb: 'create', resource: 'configmaps', namespace: 'default', name: 'before' })}\n`,
    );
    const feed = new WireFeed(log, { pollMs: 10 });
    const seen = new Promise<void>((resolve) => feed.subscribe(resolve));
    feed.start();
    await new Promise((r) => setTimeout(r, 50));
    fs.appendFileSync(
      log,
      `${auditLine({ verb: 'create', resource: 'configmaps', namespace: 'default', name: 'after' })}\n`,
    );
    await seen;
    await feed.close();
    const lines = feed.view(DEFAULT_FILTER, 10);
    expect(lines.join('\n')).toMatch(/default\/after/);
    expect(lines.join('\n')).not.toMatch(/default\/before/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
