// Text taller than its place, scrolled: the help, the lesson errors, the
// binaries offer. The content is laid out whole and shown from `top` on;
// its height and the window's are measured after each frame, so the keys
// know how far there is to scroll. A screen shown before the workshop opens
// (the errors, the offer) is such a window over the whole terminal, with the
// status line and the keys of its context below.
import React, { type ReactNode } from 'react';
import type { BoxProps } from 'ink';
import { SLOT } from '../geometry.js';
import type { Context } from '../key-bindings.js';
import { Slot } from '../screen-context.js';
import { Footer, StatusLine } from './StatusBar.js';

export function ScrollArea({
  top,
  children,
  ...props
}: BoxProps & { readonly top: number; readonly children: ReactNode }) {
  return (
    <Slot
      name={SLOT.scrollView}
      flexGrow={1}
      flexBasis={0}
      flexDirection="column"
      overflowY="hidden"
      contentOffsetY={top}
      {...props}
    >
      <Slot name={SLOT.scrollContent} flexDirection="column" flexShrink={0}>
        {children}
      </Slot>
    </Slot>
  );
}

/** A whole-screen text with its status and keys: the screens before the workshop opens. */
export function OverlayScreen({
  top,
  status,
  context,
  children,
}: {
  readonly top: number;
  readonly status: string;
  readonly context: Context;
  readonly children: ReactNode;
}) {
  return (
    <>
      <ScrollArea top={top} paddingRight={1}>
        {children}
      </ScrollArea>
      <StatusLine text={status} />
      <Footer context={context} />
    </>
  );
}
