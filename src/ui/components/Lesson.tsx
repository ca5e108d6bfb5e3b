// The lesson's side of the screen: the chapter list (orientation, a fifth of
// the height), and the lesson itself: its title row and its lines, or what
// takes their place there (the chapter picker, the sudo password prompt).
// The lines come wrapped already (lesson-text.ts: commands break with a
// visible mark, prose at spaces); the lesson shows the ones that fit from
// where it is scrolled to, and its body is a slot the app measures.
import React from 'react';
import { Box, Text, type BoxProps } from 'ink';
import { SLOT } from '../geometry.js';
import { hintLine } from '../key-bindings.js';
import type { ChapterRow } from '../pane-info.js';
import { Slot, useTheme } from '../screen-context.js';
import type { Theme } from '../theme.js';
import { useWorkshop } from '../workshop-state.js';
import { PasswordPrompt } from './PasswordPrompt.js';
import { Fill, TitleBar } from './Rules.js';

function markOf(row: ChapterRow, theme: Theme): string {
  switch (row.mark) {
    case 'done':
      return theme.ok('✓');
    case 'started':
      return theme.warn('…');
    case 'todo':
      return ' ';
  }
}

/** `height` rows of the list around `around`, the first one's index. */
function windowOf(count: number, around: number, height: number): number {
  return Math.max(0, Math.min(around - Math.floor(height / 2), count - height));
}

function ChapterLine({
  row,
  index,
  current,
  selected,
}: {
  readonly row: ChapterRow;
  readonly index: number;
  readonly current: boolean;
  readonly selected: boolean;
}) {
  const theme = useTheme();
  const text = `${current ? '▶' : ' '}${String(index).padStart(2)} ${row.title}`;
  if (selected)
    return (
      <Box>
        <Text>{`${markOf(row, theme)} `}</Text>
        <Text>{theme.selected(text)}</Text>
        <Fill char=" " paint={theme.selected} />
      </Box>
    );
  return <Text>{`${markOf(row, theme)} ${current ? theme.accent(text) : text}`}</Text>;
}

/** Every chapter with how far the learner got, the current one marked, in a box of fixed height. */
export function ChapterList({ height }: { readonly height: number }) {
  const s = useWorkshop();
  const theme = useTheme();
  const current = s.controller.chapterIndex;
  const rows = height - 1;
  const first = windowOf(s.chapters.length, current, rows);
  return (
    <Box flexDirection="column" height={height} flexShrink={0} overflowY="hidden">
      <Text>{theme.dim(' Chapters')}</Text>
      <Box flexDirection="column" flexShrink={0}>
        {s.chapters.slice(first, first + rows).map((row, k) => (
          <ChapterLine
            key={row.id}
            row={row}
            index={first + k}
            current={first + k === current}
            selected={false}
          />
        ))}
      </Box>
    </Box>
  );
}

/** The chapter picker (c), in the lesson's place: the list around the chapter chosen so far. */
function ChapterPicker({ selected }: { readonly selected: number }) {
  const s = useWorkshop();
  const theme = useTheme();
  const first = windowOf(s.chapters.length, selected, s.lessonRows);
  return (
    <>
      <TitleBar text=" Pick a chapter " focused />
      <Text>{theme.dim(`  ${hintLine('chapters', ', ')}`)}</Text>
      <Text> </Text>
      <Slot name={SLOT.lessonBody} flexDirection="column" flexGrow={1} flexBasis={0} overflowY="hidden">
        <Box flexDirection="column" flexShrink={0}>
          {s.chapters.slice(first, first + s.lessonRows).map((row, k) => (
            <ChapterLine
              key={row.id}
              row={row}
              index={first + k}
              current={first + k === s.controller.chapterIndex}
              selected={first + k === selected}
            />
          ))}
        </Box>
      </Slot>
    </>
  );
}

/**
 * Lines as they are, one row each, in a box of their own height (a line
 * that did wrap pushes the rest down, to be clipped, rather than squeezing
 * its neighbours onto one row).
 */
function Lines({ lines }: { readonly lines: readonly string[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((line, i) => (
        <Text key={i}>{line === '' ? ' ' : line}</Text>
      ))}
    </Box>
  );
}

/** The lesson: its title row and the lines that fit, or the picker or the password prompt there. */
export function Lesson(props: BoxProps) {
  const s = useWorkshop();
  const { ui, controller } = s;
  const picker = ui.overlay.kind === 'chapters' ? ui.overlay.selected : undefined;
  const focused = ui.focus === 'lesson' && ui.overlay.kind === 'none' && !s.prompt;
  return (
    <Slot name={SLOT.lesson} flexDirection="column" overflowY="hidden" {...props}>
      {picker !== undefined ? (
        <ChapterPicker selected={picker} />
      ) : (
        <>
          <TitleBar
            text={` 0 lesson · Chapter ${controller.chapterIndex} · ${controller.chapter.meta.title} `}
            focused={focused}
          />
          <Slot name={SLOT.lessonBody} flexDirection="column" flexGrow={1} flexBasis={0} overflowY="hidden">
            {s.prompt ? (
              <PasswordPrompt prompt={s.prompt} />
            ) : (
              <Lines lines={s.lesson.lines.slice(s.lessonTop, s.lessonTop + s.lessonRows)} />
            )}
          </Slot>
        </>
      )}
    </Slot>
  );
}
