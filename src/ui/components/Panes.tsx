// The panes' side of the screen: each pane a frame with its title row and an
// empty body, a slot whose rectangle the compositor fills with the pane's
// rows straight from its emulator (Ink never handles pane text). Side by
// side: the component panes in one or two columns above the shell; stacked:
// one pane with a tab bar naming them all.
import React from 'react';
import { Box, Text, type BoxProps } from 'ink';
import { SLOT } from '../geometry.js';
import { gridColumns, gridRows, SHELL_MIN_ROWS, SHELL_SHARE } from '../layout.js';
import { stateLabel, STATE_MARK, type PaneInfo } from '../pane-info.js';
import { Slot, useTheme } from '../screen-context.js';
import type { UiState } from '../ui-state.js';
import { useWorkshop } from '../workshop-state.js';
import { Fill, TitleBar, VRule } from './Rules.js';

/** "copy mode · 40 lines back · selecting · /etcd": what copy mode is doing in this pane. */
function copyNote(ui: UiState, pane: PaneInfo): string | undefined {
  const c = ui.copy;
  if (!c || c.pane !== pane.name) return undefined;
  const back = pane.scrolledBack ?? 0;
  const where = back > 0 ? `${back} lines back` : 'at the bottom';
  const search = c.search?.query ? ` · /${c.search.query}` : '';
  return `copy mode · ${where}${c.anchor !== undefined ? ' · selecting' : ''}${search}`;
}

function paneTitle(pane: PaneInfo, zoomed: boolean, note: string | undefined): string {
  const state =
    pane.label ?? (pane.name === 'shell' ? 'your shell' : `${stateLabel(pane.state)} · pid ${pane.pid}`);
  const parts = [` ${pane.number} ${pane.name} `, ` ${state} `];
  if (zoomed) parts.push(' zoomed ');
  if (note) parts.push(` ${note} `);
  return parts.join('·');
}

/** A pane: its title row and its body (the compositor's rectangle, and its pty's size). */
export function PaneFrame({ pane, ...props }: BoxProps & { readonly pane: PaneInfo }) {
  const { ui } = useWorkshop();
  return (
    <Slot name={SLOT.pane(pane.name)} flexDirection="column" overflowY="hidden" {...props}>
      <TitleBar text={paneTitle(pane, ui.zoomed, copyNote(ui, pane))} focused={ui.focus === pane.name} />
      <Slot name={SLOT.paneBody(pane.name)} flexGrow={1} flexBasis={0} />
    </Slot>
  );
}

/** Stacked: every pane named, the one on view highlighted; more tabs than fit go on to another row. */
function TabBar({ shown }: { readonly shown: PaneInfo }) {
  const { panes, ui } = useWorkshop();
  const theme = useTheme();
  const note = copyNote(ui, shown);
  return (
    <Box flexWrap="wrap" flexShrink={0}>
      {panes.map((p, i) => {
        const label = ` ${p.number} ${p.name}${p.name === 'shell' ? '' : ` ${STATE_MARK[p.state.kind]}`} `;
        const styled =
          p.name !== shown.name
            ? theme.dim(label)
            : ui.focus === shown.name
              ? theme.selected(label)
              : theme.inverse(label);
        return <Text key={p.name}>{`${i > 0 ? theme.dim('│') : ''}${styled}`}</Text>;
      })}
      {note && <Text>{` ${theme.accent(note)}`}</Text>}
      <Fill paint={theme.dim} />
    </Box>
  );
}

/** The one pane on view in the stacked layout, under its tab bar. */
export function ShownPane({ pane, ...props }: BoxProps & { readonly pane: PaneInfo }) {
  return (
    <Slot name={SLOT.pane(pane.name)} flexDirection="column" overflowY="hidden" {...props}>
      <TabBar shown={pane} />
      <Slot name={SLOT.paneBody(pane.name)} flexGrow={1} flexBasis={0} />
    </Slot>
  );
}

/** Side by side: the component panes (in two columns when there are many) above the shell. */
export function PaneColumn({ width, ...props }: BoxProps & { readonly width: number }) {
  const { panes } = useWorkshop();
  const shell = panes.find((p) => p.name === 'shell');
  const components = panes.filter((p) => p.name !== 'shell');
  const rows = gridRows(components, gridColumns(components.length, width));
  return (
    <Box flexDirection="column" width={width} {...props}>
      {rows.length > 0 && (
        <Box flexDirection="column" flexGrow={1} flexBasis={0}>
          {rows.map((row) => (
            <Box key={row.map((p) => p.name).join(',')} flexGrow={1} flexBasis={0}>
              <PaneFrame pane={row[0]!} flexGrow={1} flexBasis={0} />
              {row[1] && <VRule />}
              {row[1] && <PaneFrame pane={row[1]} flexGrow={1} flexBasis={0} />}
            </Box>
          ))}
        </Box>
      )}
      {shell && (
        // Yoga takes a least height as a head start when space is shared by growing: a share it clamps.
        <PaneFrame
          pane={shell}
          {...(rows.length > 0
            ? { height: `${SHELL_SHARE}%`, minHeight: SHELL_MIN_ROWS, flexShrink: 0 }
            : { flexGrow: 1, flexBasis: 0 })}
        />
      )}
    </Box>
  );
}
