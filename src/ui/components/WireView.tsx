// The wire view: what passes between the components, one line per request
// as the audit log has it (who → verb resource object, code), across the
// screen above the status line while it is open. Chrome-rate text: the app
// gathers the lines from the session's wire feed at a frame (wire-region.ts),
// so Ink draws it. Bounded: the newest lines that fit, each on one row; a
// sentence instead when the API server runs without auditing, and "what
// just happened" in the window of the step just left, above the lines.
import React from 'react';
import { Box, Text } from 'ink';
import { wrapWords } from '../../text/wrap.js';
import { keyFor } from '../key-bindings.js';
import { wireRows } from '../layout.js';
import { useScreenSize, useTheme } from '../screen-context.js';
import { storyRows } from '../wire-region.js';
import { useWorkshop } from '../workshop-state.js';
import { TitleBar } from './Rules.js';

/**
 * The newest lines that fit in `room` rows: a request is one row (cut at the
 * edge: its columns are what matter), a notice about the log itself is a
 * sentence and wraps, so it is read whole.
 */
function newestRows(lines: readonly string[], room: number, cols: number): string[] {
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < room; i--) {
    const l = lines[i]!;
    const rows = l.startsWith('-- ')
      ? wrapWords(l.slice(3), cols - 3).map((r, n) => `${n ? '   ' : '-- '}${r}`)
      : [l];
    out.unshift(...rows.slice(-(room - out.length)));
  }
  return out;
}

export function WireView() {
  const s = useWorkshop();
  const { cols, rows } = useScreenSize();
  const theme = useTheme();
  const region = s.wire;
  if (!s.controller.wire?.open || !region || s.ui.zoomed || s.ui.overlay.kind === 'help') return null;
  const height = wireRows(rows);
  const body = height - 1;
  const off = region.off ? wrapWords(region.off, cols).map(theme.warn) : [];
  const story = storyRows(region.story).map((l, i) => (i === 0 ? theme.accent(l) : l));
  const fixed = [...off, ...story].slice(0, body);
  const room = body - fixed.length;
  const live = newestRows(region.lines, room, cols).map((l) =>
    l.startsWith(' ') || l.startsWith('-- ') ? theme.dim(l) : l,
  );
  const empty =
    room > 0 && live.length === 0 && !region.off
      ? [theme.dim(`no requests yet: ${region.showing} show here as the API server logs them`)]
      : [];
  const hide = keyFor('main', 'wire', { prefixed: s.ui.focus !== 'lesson' });
  return (
    <Box flexDirection="column" height={height} flexShrink={0} overflowY="hidden">
      <TitleBar text={`wire · ${region.showing} · ${hide} hides it `} focused={false} />
      {[...fixed, ...live, ...empty].map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}
