// What every screen's components share, given by the screen loop at the top
// of the tree: the terminal's size, the theme, and the slot registry that
// names the boxes whose place on the screen is read after each frame (pane
// bodies, the lesson, a scrolled overlay).
import React, { createContext, use, type ReactNode } from 'react';
import { Box, measureElement, type BoxProps, type DOMElement } from 'ink';
import type { Geometry, Rect } from './geometry.js';
import { makeTheme, type Theme } from './theme.js';

export interface ScreenSize {
  readonly cols: number;
  readonly rows: number;
}

const SizeContext = createContext<ScreenSize>({ cols: 80, rows: 24 });
const ThemeContext = createContext<Theme>(makeTheme(false));

export class SlotRegistry {
  private readonly elements = new Map<string, DOMElement>();
  private readonly refs = new Map<string, (el: DOMElement | null) => () => void>();

  /** A ref for the box named `name`; the same function each time, so React does not re-attach it. */
  ref(name: string): (el: DOMElement | null) => () => void {
    let ref = this.refs.get(name);
    if (!ref) {
      ref = (el) => {
        if (el) this.elements.set(name, el);
        // A slot's box may move in the tree (zoom): forget only the element that went.
        return () => {
          if (this.elements.get(name) === el) this.elements.delete(name);
        };
      };
      this.refs.set(name, ref);
    }
    return ref;
  }

  /** Every named box's rectangle as Ink last laid it out. */
  measure(): Geometry {
    const out = new Map<string, Rect>();
    for (const [name, el] of this.elements) {
      const m = measureElement(el);
      out.set(name, { x: m.x, y: m.y, w: m.width, h: m.height });
    }
    return out;
  }
}

const SlotContext = createContext<SlotRegistry>(new SlotRegistry());

export function ScreenProviders({
  size,
  theme,
  slots,
  children,
}: {
  readonly size: ScreenSize;
  readonly theme: Theme;
  readonly slots: SlotRegistry;
  readonly children: ReactNode;
}) {
  return (
    <SlotContext value={slots}>
      <ThemeContext value={theme}>
        <SizeContext value={size}>{children}</SizeContext>
      </ThemeContext>
    </SlotContext>
  );
}

export const useScreenSize = (): ScreenSize => use(SizeContext);
export const useTheme = (): Theme => use(ThemeContext);

/** A Box whose place on the screen is read after each frame, by its name (geometry.ts, SLOT). */
export function Slot({
  name,
  children,
  ...props
}: BoxProps & { readonly name: string; readonly children?: ReactNode }) {
  const slots = use(SlotContext);
  return (
    <Box ref={slots.ref(name)} {...props}>
      {children}
    </Box>
  );
}
