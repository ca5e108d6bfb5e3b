// One line the learner types into, inside the lesson: a label, what was
// typed so far (or nothing at all, for a password), and a block cursor. The
// keys reach whatever owns the value (password-prompt.ts for the sudo
// password); this only draws it, wrapping a long value rather than cutting it.
import React from 'react';
import { Text } from 'ink';
import { useTheme } from '../screen-context.js';

export function InputLine({ label, value = '' }: { readonly label: string; readonly value?: string }) {
  const theme = useTheme();
  return <Text>{`${label} ${value}${theme.accent('▌')}`}</Text>;
}
