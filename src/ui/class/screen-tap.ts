// The screen as the class sees it: the very bytes the screen loop writes to
// the terminal, tapped on their way out, so a shared screen (a learner's, or
// the presenter's) is the same frames their own terminal gets. A keyframe
// (the whole screen drawn again) is what a resize already does: the loop
// forgets what it drew and paints everything, so the tap asks for it that way.
import type { ScreenSource } from '../../class/screen-share.js';
import type { TerminalIO } from '../terminal-io.js';

export interface TappedTerminal extends TerminalIO {
  readonly source: ScreenSource;
}

export function tapTerminal(t: TerminalIO): TappedTerminal {
  const data = new Set<(chunk: string) => void>();
  /** The screen loop's own resize listeners: calling them repaints the whole screen. */
  const repaint = new Set<() => void>();
  const source: ScreenSource = {
    get cols() {
      return t.cols;
    },
    get rows() {
      return t.rows;
    },
    onData(l) {
      data.add(l);
      return () => data.delete(l);
    },
    // The sharer hears of a real resize from the terminal itself.
    onResize: (l) => t.onResize(l),
    keyframe() {
      for (const l of [...repaint]) l();
    },
  };
  return {
    get cols() {
      return t.cols;
    },
    get rows() {
      return t.rows;
    },
    write(chunk) {
      for (const l of data) l(chunk);
      return t.write(chunk);
    },
    onDrain: (l) => t.onDrain(l),
    onInput: (l) => t.onInput(l),
    onResize(l) {
      const off = t.onResize(l);
      repaint.add(l);
      return () => {
        off();
        repaint.delete(l);
      };
    },
    enter: () => t.enter(),
    leave: () => t.leave(),
    source,
  };
}
