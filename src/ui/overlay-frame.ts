// A whole-screen box with no chapters, lesson or panes behind it: the frame
// of the screens shown before the workshop opens (lesson errors, the binaries
// offer). Each gives the box's lines for the width it gets.
import { footerLine } from './chrome-text.js';
import type { Context } from './key-bindings.js';
import { computeLayout, type Layout } from './layout.js';
import type { Frame } from './screen-loop.js';
import type { TerminalIO } from './terminal-io.js';
import type { Theme } from './theme.js';

export function overlayFrame(
  terminal: TerminalIO,
  theme: Theme,
  context: Context,
  content: (layout: Layout) => { readonly lines: readonly string[]; readonly status: string },
): Frame {
  const layout = computeLayout({
    cols: terminal.cols,
    rows: terminal.rows,
    panes: [],
    focus: 'lesson',
    shown: '',
    zoom: false,
    overlay: true,
    chapterCount: 0,
  });
  const { lines, status } = content(layout);
  return {
    chrome: {
      layout,
      chapterList: undefined,
      lesson: [],
      paneTitles: [],
      tabs: undefined,
      overlay: lines,
      status: ` ${status}`,
      footer: ` ${footerLine(context, layout.footer.w - 1, theme)}`,
    },
    panes: [],
  };
}
