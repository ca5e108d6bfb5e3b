// Lines the chrome is drawn with: a row filled to the end of its box (a
// title's rule, a selected row's highlight) and a vertical separator, each
// as long as Ink's flexbox makes its box. Styled by the theme, like all of
// the chrome's text (NO_COLOR keeps bold, dim and reverse video).
import React from 'react';
import { Box, Text, type BoxProps } from 'ink';
import { useScreenSize, useTheme } from '../screen-context.js';

/** The rest of a row, filled with `char` in `paint`'s style. */
export function Fill({
  char = '─',
  paint,
}: {
  readonly char?: string;
  readonly paint: (s: string) => string;
}) {
  const { cols } = useScreenSize();
  // As many characters as the screen is wide, broken into rows of the box's width; only the first shows.
  return (
    <Box flexGrow={1} flexShrink={1} flexBasis={0} height={1} overflowY="hidden">
      <Text wrap="hard">{paint(char.repeat(cols))}</Text>
    </Box>
  );
}

/** A one-column separator, as tall as its row of boxes. */
export function VRule(props: BoxProps) {
  const theme = useTheme();
  const bar = theme.dim('│');
  return (
    <Box
      width={1}
      flexShrink={0}
      borderStyle={{
        topLeft: '',
        top: '',
        topRight: '',
        left: bar,
        right: '',
        bottomLeft: '',
        bottom: '',
        bottomRight: '',
      }}
      borderTop={false}
      borderRight={false}
      borderBottom={false}
      {...props}
    />
  );
}

/** A title row: the text, then a rule (or, focused, the whole row highlighted). Wraps rather than cut. */
export function TitleBar({ text, focused }: { readonly text: string; readonly focused: boolean }) {
  const theme = useTheme();
  const paint = focused ? theme.selected : theme.dim;
  return (
    <Box flexShrink={0}>
      <Text>{paint(text)}</Text>
      <Fill char={focused ? ' ' : '─'} paint={paint} />
    </Box>
  );
}
