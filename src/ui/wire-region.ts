// What the wire view region shows, gathered from the session's wire feed at
// a frame: the last requests under the view's filter (the step's `{wire=…}`
// components, or all), a sentence when the API server runs without
// auditing, and "what just happened" in the window of the step the learner
// just left. The feed keeps everything; this takes only what fits.
import type { ControllerState, StepWindow } from '../engine/controller.js';
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
  /** "step 3" (or "step 5 of chapter 2" once in another chapter); undefined when not known. */
  readonly step: string | undefined;
  readonly lines: readonly string[];
}

/** The region is never taller than this, so more lines than this are never on view. */
export const WIRE_LINES_KEPT = 40;
/** Story lines shown at most; the rest are counted ("demystify explain" tells one object in full). */
export const STORY_LINES_SHOWN = 4;

/** The step's components (or all of them); every request with `all`, else writes and watches. */
export function wireFilterOf(c: ControllerState, all = false): WireFilter {
  return { ...DEFAULT_FILTER, all, who: c.wire?.who ?? [] };
}

/** The region's state from the feed; `apiServer` is kube-apiserver's command line while it runs. */
export function wireRegionState(
  feed: WireFeed,
  c: ControllerState,
  apiServer: string | undefined,
  story: WireStory | undefined,
  all = false,
): WireRegionState {
  const filter = wireFilterOf(c, all);
  return {
    showing: describeFilter(filter),
    lines: feed.view(filter, WIRE_LINES_KEPT),
    off: apiServer === undefined ? undefined : auditingOff(apiServer, feed.logPath),
    story,
  };
}

/** Writes this long after the learner left a step still count as its own: a kubelet's status write, a scheduler's bind. */
export const STORY_GRACE_MS = 10_000;
/** The story is told again at most this often while its window is still open. */
const STORY_EVERY_MS = 1_000;

/**
 * "What just happened" in the window of the step just left: from when the
 * learner came to it until STORY_GRACE_MS after they left it. Built from the
 * whole feed (owner chains reach back before the window), which costs tens
 * of milliseconds on a busy log: told once when the window closes, then at
 * most once a second until its grace is over, then kept.
 */
export class StoryTeller {
  private key = '';
  private at = 0;
  private story: WireStory | undefined;

  /** `step`: how the window's step reads ("step 3"), as the app saw it when the learner left it. */
  of(
    feed: WireFeed,
    last: StepWindow | undefined,
    step: string | undefined,
    now = Date.now(),
  ): WireStory | undefined {
    if (!last) return undefined;
    const key = `${last.stepId}\u0000${last.from}`;
    const open = this.at <= last.to + STORY_GRACE_MS && now - this.at >= STORY_EVERY_MS;
    if (key === this.key && !open) return this.story;
    this.key = key;
    this.at = now;
    this.story = {
      step,
      lines: feed.story(last.from, last.to + STORY_GRACE_MS),
    };
    return this.story;
  }
}

/** How the step the learner just left reads: "step 3", or "step 5 of chapter 2" once in another chapter. */
export function leftStepLabel(prev: ControllerState, now: ControllerState): string | undefined {
  const left = now.lastStep;
  const index = left ? prev.run.stepIds.indexOf(left.stepId) : -1;
  if (index < 0) return undefined;
  return prev.chapterIndex === now.chapterIndex
    ? `step ${index + 1}`
    : `step ${index + 1} of chapter ${prev.chapterIndex}`;
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
