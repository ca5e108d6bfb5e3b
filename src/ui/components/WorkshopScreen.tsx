// The workshop's screen, one tree for every way it is shared out: side by
// side (chapter list and lesson on the left, panes on the right), stacked
// (the lesson above one pane with a tab bar), one thing zoomed, or the help
// over everything; the wire view across the screen when it is open; the
// status line and the keys below. The start-up screen,
// presenter mode and the player show it too. Sizes that are rules come from
// layout.ts; flexbox does the rest.
import React from 'react';
import { Box } from 'ink';
import {
  chapterListRows,
  layoutMode,
  lessonColumns,
  NARROW_LESSON_MIN,
  NARROW_LESSON_SHARE,
} from '../layout.js';
import { useScreenSize } from '../screen-context.js';
import { useWorkshop } from '../workshop-state.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ChapterList, Lesson } from './Lesson.js';
import { PaneColumn, PaneFrame, ShownPane } from './Panes.js';
import { VRule } from './Rules.js';
import { WorkshopStatus } from './StatusBar.js';
import { WireView } from './WireView.js';

function Main() {
  const s = useWorkshop();
  const { cols, rows } = useScreenSize();
  const { ui, panes } = s;
  if (ui.overlay.kind === 'help') return <HelpOverlay top={ui.overlay.scroll} />;
  if (ui.zoomed) {
    if (ui.focus === 'lesson') return <Lesson flexGrow={1} flexBasis={0} />;
    const pane = panes.find((p) => p.name === ui.focus);
    if (pane) return <PaneFrame pane={pane} flexGrow={1} flexBasis={0} />;
  }
  if (layoutMode(cols, rows) === 'narrow') {
    const shown = panes.find((p) => p.name === ui.shown) ?? panes[0];
    return (
      <Box flexDirection="column" flexGrow={1} flexBasis={0}>
        <Lesson height={`${NARROW_LESSON_SHARE}%`} minHeight={NARROW_LESSON_MIN} flexShrink={0} />
        {shown && <ShownPane pane={shown} flexGrow={1} flexBasis={0} />}
      </Box>
    );
  }
  const left = lessonColumns(cols, s.lessonWants, s.presenter);
  const list = !s.presenter && s.chapters.length > 0;
  return (
    <Box flexGrow={1} flexBasis={0}>
      <Box flexDirection="column" width={left} flexShrink={0}>
        {list && <ChapterList height={chapterListRows(rows, s.chapters.length)} />}
        <Lesson flexGrow={1} flexBasis={0} />
      </Box>
      <VRule />
      <PaneColumn width={cols - left - 1} />
    </Box>
  );
}

export function WorkshopScreen() {
  return (
    <>
      <Main />
      <WireView />
      <WorkshopStatus />
    </>
  );
}
