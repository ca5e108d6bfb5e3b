// What the wire view region shows, gathered from the session's wire feed at
// a frame: the last requests under the view's filter (the step's `{wire=…}`
// components, or all), a sentence when the API server runs without
// auditing, and "what just happened" in the window of the step the learner
// just left. The feed keeps everything; this takes only what fits.
import type { ControllerState } from '../engine/controller.js';
import type { WireFeed } from '../engine/wire-feed.js';
import { auditingOff } from '../wire/audit-files.js';
import { DEFAULT_FILTER, describeFilter, type WireFilter } from '../wire/wire-filter.js';

export interface WireRegionState {
  /** What the view shows now, as a sentence ("writes and watches of scheduler"). */
  readonly showing: string;
  /** The newest lines under the filter, oldest first (at most WIRE_LINES_KEPT). */
  readonly lines: readonly string[];
  /** Set when kube-apiserver runs without an audit log: the one sentence saying so. */
  readonly off: string | undefined;
  /** "What just happened" in the window of the step just left; absent before any. */
  readonly story: WireStory | undefined;
}

export interface WireStory {
  /** "step 3", or undefined when that step is of another chapter. */
  readonly step: string | undefined;
  readonly lines: readonly string[];
}

/** The region is never taller than this, so more lines than this are never on view. */
export const WIRE_LINES_KEPT = 40;
/** Story lines shown at most; the rest are counted ("demystify explain" tells one object in full). */
export const STORY_LINES_SHOWN = 4;

export function wireFilterOf(c: ControllerState): WireFilter {
  return { ...DEFAULT_FILTER, who: c.wire?.who ?? [] };
}

/** The region's state from the feed; `apiServer` is kube-apiserver's command line while it runs. */
export function wireRegionState(
  feed: WireFeed,
  c: ControllerState,
  apiServer: string | undefined,
): WireRegionState {
  const filter = wireFilterOf(c);
  const last = c.lastStep;
  let story: WireStory | undefined;
  if (last) {
    // From the step's start to now: a kubelet's status write a second after the learner moved on still counts.
    const lines = feed.story(last.from);
    const index = c.run.stepIds.indexOf(last.stepId);
    story = { step: index >= 0 ? `step ${index + 1}` : undefined, lines };
  }
  return {
    showing: describeFilter(filter),
    lines: feed.view(filter, WIRE_LINES_KEPT),
    off: apiServer === undefined ? undefined : auditingOff(apiServer, feed.logPath),
    story,
  };
}

/** The story as the region shows it: a heading, the first lines, the rest counted. */
export function storyRows(story: WireStory | undefined): string[] {
  if (!story) return [];
  const of = story.step ? ` (${story.step})` : '';
  if (!story.lines.length) return [`what just happened${of}: no writes`];
  const shown = story.lines.slice(0, STORY_LINES_SHOWN);
  const more = story.lines.length - shown.length;
  return [
    `what just happened${of}:`,
    ...shown.map((l) => `  ${l}`),
    ...(more > 0 ? [`  … and ${more} more (demystify explain KIND/NAME tells one object in full)`] : []),
  ];
}
