// Someone else's screen, read off our emulator for a frame: parsed first
// (its bytes wait in the emulator until a frame is due), then its rows as
// terminal text, cut to our width; and a title that says when our terminal
// is smaller than theirs.
import type { RemoteScreen } from '../../class/remote-screen.js';

export type ScreenLines =
  | { readonly ready: true; readonly lines: readonly string[] | undefined }
  /** Output is being parsed: draw once this settles. */
  | { readonly ready: false; readonly parsed: Promise<void> };

export function screenLines(screen: RemoteScreen, cols: number, rows: number): ScreenLines {
  const view = screen.view;
  const parsing = view?.catchUp(rows);
  if (parsing) return { ready: false, parsed: parsing };
  if (!view) return { ready: true, lines: undefined };
  return {
    ready: true,
    lines: Array.from({ length: view.rows }, (_, y) => view.renderRow(y, Math.min(view.cols, cols))),
  };
}

/** "Ada’s screen, 160x45, read-only", with a word when it does not fit. */
export function screenTitle(
  whose: string,
  screen: RemoteScreen,
  cols: number,
  rows: number,
): string | undefined {
  const size = screen.size;
  if (!size) return undefined;
  const cut =
    size.cols > cols || size.rows + 2 > rows
      ? ' (cut to this terminal: make it larger to see all of it)'
      : '';
  return `${whose}, ${size.cols}x${size.rows}, read-only${cut}`;
}
