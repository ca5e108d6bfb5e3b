// The sudo password asked for in the lesson's place: why root is needed (the
// chapter's own sentence), what happens to the password, and one line whose
// typing is never drawn (not even as dots: the length is nobody's business
// either). The line comes before the long explanation, so a short terminal
// still shows it. Keys go to password-prompt.ts while it is open.
import React from 'react';
import { Box, Text } from 'ink';
import { ROOT_USE } from '../../engine/root-reason.js';
import { useTheme } from '../screen-context.js';
import type { PromptState } from '../workshop-state.js';
import { InputLine } from './InputLine.js';

export function PasswordPrompt({ prompt }: { readonly prompt: PromptState }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" paddingLeft={2} paddingRight={2} paddingTop={1} rowGap={1}>
      <Text>{theme.bold('Root is needed')}</Text>
      <Text>{prompt.why}</Text>
      <Box flexDirection="column" flexShrink={0}>
        {prompt.retry && <Text>{theme.bad('Sorry, try again.')}</Text>}
        <InputLine label={`[sudo] password for ${prompt.user}:`} />
      </Box>
      <Text>
        {theme.dim('Enter gives it · Esc declines (the chapter asks again when a step needs root)')}
      </Text>
      <Text>
        {theme.dim(
          `demystify asks once for this session: the password goes to sudo, which starts demystify's root helper; it is not stored or shown. ${ROOT_USE}`,
        )}
      </Text>
    </Box>
  );
}
