// The instructor's class board, drawn by Ink: the join line, a summary, one
// row per learner (stuck ones first by default), the selected learner's
// details, and the footer from the key table; and a learner's shared screen,
// read-only, in place of the board. Rows come from src/class/board-view.ts.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { shortDuration, type BoardFilter, type BoardRow, type BoardSort } from '../../class/board-view.js';
import { hintLine } from '../key-bindings.js';
import { headerLine, rowLine } from './board-table.js';

export interface BoardModel {
  readonly cols: number;
  readonly rows: number;
  readonly joinLine: string;
  readonly learners: readonly BoardRow[];
  /** All learners, before the filter. */
  readonly total: number;
  readonly selected: string | undefined;
  readonly details: boolean;
  readonly sort: BoardSort;
  readonly filter: BoardFilter;
  readonly stuckMs: number;
  readonly dropped: number;
  readonly watchers: number;
  readonly presenter: boolean;
  readonly notice: string | undefined;
  readonly color: boolean;
}

const SORT_WORDS: Record<BoardSort, string> = {
  stuck: 'stuck first',
  name: 'by name',
  progress: 'furthest behind first',
};
const FILTER_WORDS: Record<BoardFilter, string> = {
  all: 'everyone',
  attention: 'needs attention',
  sharing: 'sharing a screen',
};

function Summary({ m }: { readonly m: BoardModel }) {
  const hands = m.learners.filter((b) => b.hand).length;
  const stuck = m.learners.filter((b) => b.marked && !b.hand).length;
  const away = m.learners.filter((b) => b.away).length;
  const parts = [
    `${m.total} learner${m.total === 1 ? '' : 's'}`,
    `${hands} hand${hands === 1 ? '' : 's'} up`,
    `${stuck} stuck over ${shortDuration(m.stuckMs)}`,
    `${away} away`,
    `sort: ${SORT_WORDS[m.sort]}`,
    `show: ${FILTER_WORDS[m.filter]}`,
    `${m.watchers} watching the presenter${m.presenter ? '' : ' (no presenter screen)'}`,
    ...(m.dropped ? [`${m.dropped} bad messages dropped`] : []),
  ];
  return <Text wrap="truncate-end">{parts.join(' · ')}</Text>;
}

interface RowProps {
  readonly line: string;
  readonly selected: boolean;
  readonly color: string | undefined;
  readonly strong: boolean;
  readonly dim: boolean;
}

/** One learner's line, already cut to the width; drawn again only when it changed (200 rows, up to ten frames a second). */
const Row = memo(function Row({ line, selected, color, strong, dim }: RowProps) {
  if (selected) return <Text inverse>{line}</Text>;
  return (
    <Text color={color} bold={strong} dimColor={dim}>
      {line}
    </Text>
  );
});

function rowProps(b: BoardRow, m: BoardModel): RowProps {
  return {
    line: rowLine(b, m.cols),
    selected: b.key === m.selected,
    color: !m.color ? undefined : b.hand ? 'yellow' : b.marked || b.state === 'failed' ? 'red' : undefined,
    strong: b.hand || b.marked,
    dim: b.away,
  };
}

function Details({ b }: { readonly b: BoardRow }) {
  const r = b.row;
  const lines = [
    `${b.name}: ${b.chapter || '(no progress yet)'}`,
    `step ${b.step || '-'} · ${b.state} for ${shortDuration(b.onStepMs)} · ${b.hints} hint${b.hints === 1 ? '' : 's'} opened`,
    b.reason ? `${b.state === 'failed' ? 'failed: ' : ''}${b.reason}` : '',
    `${b.away ? 'away' : r.connected ? 'connected' : 'disconnected'} · hand ${b.hand ? 'up' : 'down'} · screen ${b.sharing ? `shared (${r.sharing?.cols}x${r.sharing?.rows}): press v` : 'not shared'}`,
    `dropped from them: ${r.dropped.malformed} malformed, ${r.dropped.oversized} oversized, ${r.dropped.flood} over the rate`,
  ].filter(Boolean);
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      {lines.map((l, i) => (
        <Text key={i} wrap="wrap">
          {l}
        </Text>
      ))}
    </Box>
  );
}

export function Board({ m }: { readonly m: BoardModel }) {
  const selected = m.learners.find((b) => b.key === m.selected);
  const detailRows = m.details && selected ? 8 : 0;
  // Header (join line, summary, blank, column titles) and footer take five rows.
  const room = Math.max(1, m.rows - 5 - detailRows);
  const at = Math.max(
    0,
    m.learners.findIndex((b) => b.key === m.selected),
  );
  const first = Math.min(Math.max(0, at - room + 1), Math.max(0, m.learners.length - room));
  return (
    <Box flexDirection="column" width={m.cols} height={m.rows}>
      <Text bold wrap="truncate-end">
        demystify class · join with: demystify --join {m.joinLine}
      </Text>
      <Summary m={m} />
      <Text> </Text>
      <Text dimColor wrap="truncate-end">
        {headerLine(m.cols)}
      </Text>
      <Box flexDirection="column" flexGrow={1}>
        {m.learners.length === 0 && (
          <Text dimColor>{m.total ? 'nobody matches this filter' : 'nobody has joined yet'}</Text>
        )}
        {m.learners.slice(first, first + room).map((b) => (
          <Row key={b.key} {...rowProps(b, m)} />
        ))}
      </Box>
      {detailRows > 0 && selected && <Details b={selected} />}
      <Text dimColor wrap="truncate-end">
        {m.notice ?? hintLine('board')}
      </Text>
    </Box>
  );
}

export interface SharedScreenModel {
  readonly cols: number;
  readonly rows: number;
  /** Whose screen, its size, read-only; or why there is none. */
  readonly title: string;
  /** Their screen's rows as terminal text (from our own emulator), or undefined when there is none. */
  readonly lines: readonly string[] | undefined;
  readonly footer: string;
}

/** Someone else's screen, read-only: a learner's from the board, the presenter's for a learner who watches. */
export function SharedScreen({ m }: { readonly m: SharedScreenModel }) {
  return (
    <Box flexDirection="column" width={m.cols} height={m.rows}>
      <Text inverse wrap="truncate-end">
        {m.title}
      </Text>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {(m.lines ?? []).slice(0, m.rows - 2).map((l, i) => (
          <Text key={i} wrap="truncate-end">
            {l === '' ? ' ' : l}
          </Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {m.footer}
      </Text>
    </Box>
  );
}
