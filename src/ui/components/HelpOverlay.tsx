// The help (?): every key, from the key-binding table, in the sections the
// contexts make; three columns (keys with the lesson focused, keys from
// anywhere, what they do) when there is room, the sentence under its keys
// when there is not. Sentences wrap; the help scrolls.
import React from 'react';
import { Box, Text } from 'ink';
import { helpSections, PREFIX, type HelpSection } from '../key-bindings.js';
import { keyLabel } from '../keys.js';
import { useScreenSize, useTheme } from '../screen-context.js';
import { ScrollArea } from './Overlay.js';

function Section({ section, width }: { readonly section: HelpSection; readonly width: number }) {
  const theme = useTheme();
  const withPrefix = section.rows.some((r) => r.prefixed);
  const keyW =
    Math.max(withPrefix ? 'lesson focused'.length : 0, ...section.rows.map((r) => r.keys.length)) + 2;
  const preW = withPrefix ? Math.max(...section.rows.map((r) => r.prefixed.length)) + 2 : 0;
  // Too narrow for three columns: the sentence goes under its keys.
  const below = 2 + keyW + preW + 30 > width;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>{theme.accent(section.title)}</Text>
      {withPrefix && <Text>{theme.dim(`  ${'lesson focused'.padEnd(keyW)}${'anywhere'.padEnd(preW)}`)}</Text>}
      {section.rows.map((r) => (
        <Box key={r.keys + r.prefixed + r.help} flexDirection={below ? 'column' : 'row'} paddingLeft={2}>
          <Text>{`${theme.bold(r.keys.padEnd(keyW))}${theme.bold(r.prefixed.padEnd(preW))}`}</Text>
          <Box flexGrow={1} flexBasis={0} paddingLeft={below ? 4 : 0}>
            <Text>{r.help}</Text>
          </Box>
        </Box>
      ))}
    </Box>
  );
}

export function HelpOverlay({ top }: { readonly top: number }) {
  const theme = useTheme();
  const { cols } = useScreenSize();
  const p = keyLabel(PREFIX);
  return (
    <ScrollArea top={top} paddingRight={1}>
      <Text>{theme.bold('demystify keys')}</Text>
      <Box flexDirection="column" marginY={1}>
        <Text>Keys go to the focused pane as they are: vim, less, sudo prompts and Ctrl-C work there.</Text>
        <Text>{`${p} and then a key is a command from anywhere; ${p} ${p} sends one ${p} to the pane.`}</Text>
      </Box>
      {helpSections().map((section) => (
        <Section key={section.title} section={section} width={cols - 1} />
      ))}
    </ScrollArea>
  );
}
