// The chrome, drawn by Ink: chapter list, lesson text, pane titles, tab bar,
// separators, status line, footer, overlays. Each sits in the rectangle the
// layout gave it. Pane contents are not here: the compositor draws them over
// the (blank) pane bodies, so Ink never handles pane text.
import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { Layout, Rect } from './layout.js';

export interface ChromeModel {
  readonly layout: Layout;
  readonly chapterList: readonly string[] | undefined;
  /** The lesson lines on view (or the chapter picker, which takes the lesson's place). */
  readonly lesson: readonly string[];
  readonly paneTitles: readonly { readonly name: string; readonly rect: Rect; readonly text: string }[];
  readonly tabs: string | undefined;
  readonly status: string;
  readonly footer: string;
  /** Help or lesson errors, over everything but the status and footer. */
  readonly overlay: readonly string[] | undefined;
}

interface RegionProps {
  readonly rect: Rect;
  readonly lines: readonly string[];
}

/** Lines in a rectangle; each cut at the right edge (with …) rather than wrapped. */
const Region = memo(function Region({ rect, lines }: RegionProps) {
  if (rect.w <= 0 || rect.h <= 0) return null;
  return (
    <Box
      position="absolute"
      marginLeft={rect.x}
      marginTop={rect.y}
      width={rect.w}
      height={rect.h}
      flexDirection="column"
      overflow="hidden"
    >
      {lines.slice(0, rect.h).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}, sameRegion);

function sameRegion(a: RegionProps, b: RegionProps): boolean {
  const r = a.rect;
  const s = b.rect;
  if (r.x !== s.x || r.y !== s.y || r.w !== s.w || r.h !== s.h || a.lines.length !== b.lines.length)
    return false;
  return a.lines.every((l, i) => l === b.lines[i]);
}

const Separator = memo(function Separator({ rect }: { readonly rect: Rect }) {
  return <Region rect={rect} lines={Array.from({ length: rect.h }, () => '\x1b[2m│\x1b[0m')} />;
});

export function Chrome({ model }: { readonly model: ChromeModel }) {
  const { layout } = model;
  return (
    <Box width={layout.cols} height={layout.rows}>
      {model.overlay && layout.overlay && <Region rect={layout.overlay} lines={model.overlay} />}
      {layout.chapterList && model.chapterList && (
        <Region rect={layout.chapterList} lines={model.chapterList} />
      )}
      {layout.lesson && <Region rect={layout.lesson} lines={model.lesson} />}
      {layout.separators.map((r) => (
        <Separator key={`${r.x},${r.y}`} rect={r} />
      ))}
      {layout.tabs && model.tabs !== undefined && <Region rect={layout.tabs} lines={[model.tabs]} />}
      {model.paneTitles.map((t) => (
        <Region key={t.name} rect={t.rect} lines={[t.text]} />
      ))}
      <Region rect={layout.status} lines={[model.status]} />
      <Region rect={layout.footer} lines={[model.footer]} />
    </Box>
  );
}
