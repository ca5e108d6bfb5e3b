// Anything printing with console.* while the UI owns the terminal would
// scribble over the frame: its first line goes to the status line instead.
import { format } from 'node:util';

/** Something printing with console.* would scribble over the screen: its first line goes to `show` instead. */
export function captureConsole(show: (line: string) => void): () => void {
  const names = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = names.map((n) => console[n]);
  for (const n of names) console[n] = (...args: unknown[]) => show(format(...args).split('\n')[0] ?? '');
  return () => names.forEach((n, i) => (console[n] = saved[i] as (typeof console)[typeof n]));
}
