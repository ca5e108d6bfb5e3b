// The last rows of every screen: the status line (what the current step is
// waiting for, live; whether it passed or why it failed; what to do next),
// wrapped onto as many rows as its sentence needs, and the key hints for
// where the focus is, best first, as many as fit on the one row.
import React from 'react';
import { Box, Text } from 'ink';
import type { ControllerState } from '../../engine/controller.js';
import type { AnswerLine } from '../answer-keys.js';
import { footerHints, keyFor, PREFIX, type ActionOf, type Context, type Hint } from '../key-bindings.js';
import { classLead, joinSentence } from '../class/class-chrome.js';
import { keyLabel } from '../keys.js';
import { useScreenSize, useTheme } from '../screen-context.js';
import type { Theme } from '../theme.js';
import type { UiState } from '../ui-state.js';
import { useWorkshop, type WorkshopState } from '../workshop-state.js';

/** How a flow key reads where the focus is: "r" in the lesson, "Ctrl-g r" in a pane. */
function k(action: ActionOf<'main'>, ui: UiState): string {
  return keyFor('main', action, { prefixed: ui.focus !== 'lesson' });
}

/** "y yes  n no": a context's keys, as its footer has them. */
function keysOf(context: Context, theme: Theme): string {
  return footerHints(context)
    .map((h) => `${theme.bold(h.keys)} ${h.label}`)
    .join('  ');
}

function stepSentence(
  c: ControllerState,
  ui: UiState,
  seconds: number | undefined,
  hasNext: boolean,
  theme: Theme,
): string {
  const step = c.current;
  if (!step)
    return hasNext
      ? theme.ok(`✓ Chapter done. ${k('next', ui)}: the next chapter · ${k('chapters', ui)}: pick a chapter`)
      : theme.ok(`✓ Chapter done: that was the last chapter. ${k('chapters', ui)}: pick a chapter`);
  const status = c.run.steps[step.id];
  const n = c.run.cursor + 1;
  const of = c.run.stepIds.length;
  const time = seconds !== undefined && seconds >= 1 ? ` (${Math.floor(seconds)}s)` : '';
  switch (status?.kind) {
    case 'waiting': {
      // A question or a prediction: it can be answered here as well as in the shell.
      const here = c.awaiting
        ? ` — ${k('run', ui)} to ${c.awaiting === 'answer' ? 'answer' : 'predict'} here`
        : '';
      return theme.warn(
        `◐ Step ${n}/${of}: ${status.waiting}${status.progress ? ` — ${status.progress}` : ''}${here}${time}`,
      );
    }
    case 'running':
      return theme.warn(`◐ Step ${n}/${of} is running${status.detail ? `: ${status.detail}` : ''}${time}`);
    case 'failed': {
      const reason = status.reason.split('\n')[0] ?? '';
      const hint = step.hints.length > c.hintsShown ? `, ${k('hint', ui)} for a hint` : '';
      return `${theme.bad(`✗ Step ${n}/${of} failed: ${reason}`)} ${theme.dim(`— fix it and ${k('run', ui)} to try again${hint}`)}`;
    }
    case 'passed':
      return theme.ok(`✓ Step ${n}/${of} passed. ${k('next', ui)}: next step`);
    default: {
      if (step.kind === 'check') return theme.dim(`Step ${n}/${of}: a check, it starts by itself`);
      if (c.awaiting)
        return `${theme.accent(`▶ Step ${n}/${of}`)}: ${k('run', ui)} to ${c.awaiting === 'answer' ? 'answer' : 'predict'} here (in the shell: answer VALUE)`;
      const byHand = step.kind === 'shell' ? `, or type it in the shell and ${k('next', ui)}` : '';
      return `${theme.accent(`▶ Step ${n}/${of}`)}: ${k('run', ui)} to run it${byHand}`;
    }
  }
}

/** The answer line: the value typed so far, or the choices with the one picked marked. */
function answerSentence(o: AnswerLine, theme: Theme): string {
  const label = theme.accent(o.awaiting === 'answer' ? 'your answer:' : 'your prediction:');
  const keys = theme.dim(keysOf('answer', theme));
  if (!o.choices) return `${label} ${o.text}▏ ${keys}`;
  const choices = o.choices.map((c, i) => (i === o.picked ? theme.selected(`[${c}]`) : ` ${c} `)).join(' ');
  return `${label} ${choices}  ${keys}`;
}

/** The status line's sentence: a question asked, a search typed, a message, or the step's state. */
export function statusSentence(s: WorkshopState, theme: Theme): string {
  const { controller: c, ui } = s;
  if (ui.quitting) return theme.warn('Stopping every component…');
  if (ui.overlay.kind === 'confirm') return `${theme.warn(ui.overlay.question)}  ${keysOf('confirm', theme)}`;
  if (ui.overlay.kind === 'answer') return answerSentence(ui.overlay, theme);
  if (ui.overlay.kind === 'join') return joinSentence(ui.overlay.text, theme);
  if (ui.copy?.search?.typing)
    return `${theme.accent('search:')} ${ui.copy.search.query}▏ ${theme.dim(keysOf('search', theme))}`;
  if (ui.message) return ui.message;
  if (s.status !== undefined) return s.status;
  if (c.notice) return theme.warn(c.notice);
  return stepSentence(c, ui, s.seconds, c.chapterIndex < s.chapters.length - 1, theme);
}

/** The status sentence, on as many rows as it needs; `lead` (a mark) goes before it, in the same rows. */
export function StatusLine({ text, lead }: { readonly text: string; readonly lead?: string }) {
  const { cols } = useScreenSize();
  return (
    <Box width={cols} flexShrink={0} paddingLeft={1}>
      <Text>{lead ? `${lead} ${text}` : text}</Text>
    </Box>
  );
}

/** The key hints: best first, those that fit in one row (the help lists them all). */
export function Footer({
  context,
  own,
}: {
  readonly context: Context | 'pane' | 'prefix';
  /** Hints of the screen's own instead of the context's (presenter mode). */
  readonly own?: readonly Hint[];
}) {
  const theme = useTheme();
  const { cols } = useScreenSize();
  const prefix = keyLabel(PREFIX);
  let lead = '';
  let hints: readonly Hint[];
  if (own) hints = own;
  else if (context === 'pane') {
    lead = `${prefix} then: `;
    hints = footerHints('main', true);
  } else if (context === 'prefix') {
    lead = `${prefix} … `;
    hints = footerHints('main', true);
  } else hints = footerHints(context);
  // One column short of the width: a character in the bottom-right cell can scroll some terminals.
  return (
    <Box
      width={cols - 1}
      height={1}
      flexShrink={0}
      paddingLeft={1}
      flexWrap="wrap"
      overflowY="hidden"
      columnGap={2}
    >
      {hints.map((h, i) => (
        <Text
          key={h.keys + h.label}
        >{`${i === 0 ? theme.accent(lead) : ''}${theme.bold(h.keys)} ${theme.dim(h.label)}`}</Text>
      ))}
    </Box>
  );
}

/** Which keys the footer shows: an overlay's, copy mode's, after the prefix, the lesson's or a pane's. */
export function footerContext(ui: UiState): Context | 'pane' | 'prefix' {
  if (ui.overlay.kind !== 'none') return ui.overlay.kind;
  if (ui.copy) return 'copy';
  if (ui.prefix) return 'prefix';
  return ui.focus === 'lesson' ? 'main' : 'pane';
}

/** The workshop's status line and footer, from its store. */
export function WorkshopStatus() {
  const s = useWorkshop();
  const theme = useTheme();
  const context = footerContext(s.ui);
  const own = context === 'main' ? s.footer : undefined;
  return (
    <>
      <StatusLine text={statusSentence(s, theme)} lead={classLead(s.classroom, theme)} />
      {own && 'hints' in own ? (
        <Footer context={context} own={own.hints} />
      ) : (
        <Footer context={own?.context ?? context} />
      )}
    </>
  );
}
