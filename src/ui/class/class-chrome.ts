// The class as the workshop's status line shows it, before the step's
// sentence: to whom the learner is connected (or that they are not), a hand
// up, and, always while it is on, that their screen is shared and how many
// watch it. Short on purpose: it shares the row with the step.
import { footerHints } from '../key-bindings.js';
import type { Theme } from '../theme.js';
import type { ClassChrome } from './class-seat.js';

export function classLead(c: ClassChrome | undefined, theme: Theme): string | undefined {
  if (!c) return undefined;
  const where = c.title ? `${c.title} (${c.address})` : c.address;
  const parts = [
    c.state === 'connected'
      ? theme.ok(`class: ${where}`)
      : c.state === 'joining'
        ? theme.warn(`class: joining ${c.address}…`)
        : c.state === 'reconnecting'
          ? theme.warn(
              c.title ? `class: reconnecting to ${where}` : `class: ${where} not reachable, trying again`,
            )
          : c.state === 'away'
            ? theme.warn(`class: away, ${where} not reachable for a minute; still trying`)
            : theme.bad(`class: not joined: ${c.reason ?? 'refused'}`),
  ];
  if (c.hand) parts.push(theme.warn('hand up'));
  if (c.sharing) parts.push(theme.bad(`● sharing your screen (${c.viewers} watching)`));
  return `${parts.join(theme.dim(' · '))} ${theme.dim('│')}`;
}

/** The join line being typed, with its keys. */
export function joinSentence(text: string, theme: Theme): string {
  const keys = footerHints('join')
    .map((h) => `${theme.bold(h.keys)} ${h.label}`)
    .join('  ');
  return `${theme.accent('class join line:')} ${text}▏ ${theme.dim(keys)}`;
}
