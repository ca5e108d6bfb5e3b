// Showing `demystify fetch` progress: one bar per file on a terminal, plain
// one-line-per-event output when stderr is a pipe or a CI log (bars would
// fill it with carriage returns).
import cliProgress from 'cli-progress';
import type { FetchProgress } from './fetch-binaries.js';

export interface ProgressRenderer {
  readonly onProgress: (progress: FetchProgress) => void;
  /** Finish the bars; call before printing anything else. */
  readonly stop: () => void;
}

export interface RendererOptions {
  readonly stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Defaults to the stream's own isTTY. */
  readonly tty?: boolean;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Release file names are at most ~35 characters; 80 columns hold name + bar + sizes.
const nameWidth = 35;

function fit(name: string): string {
  return name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name.padEnd(nameWidth);
}

function sizes(done: number, total: number | undefined): string {
  return total === undefined ? formatBytes(done) : `${formatBytes(done)}/${formatBytes(total)}`;
}

export function createProgressRenderer(options: RendererOptions = {}): ProgressRenderer {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
  return tty ? barRenderer(stream) : plainRenderer(stream);
}

/** Lines a pipe can hold: one when a file starts, one when it ends. */
export function plainRenderer(stream: NodeJS.WritableStream): ProgressRenderer {
  const started = new Set<string>();
  const onProgress = (p: FetchProgress): void => {
    switch (p.phase) {
      case 'downloading':
        if (started.has(p.file)) return;
        started.add(p.file);
        stream.write(`downloading ${p.file}${p.total === undefined ? '' : ` (${formatBytes(p.total)})`}\n`);
        return;
      case 'cached':
        stream.write(`${p.file}: already in the cache\n`);
        return;
      case 'done':
        stream.write(`${p.file}: verified and installed\n`);
        return;
      case 'failed':
        stream.write(`${p.file}: failed\n`);
        return;
      default:
        return;
    }
  };
  return { onProgress, stop: () => undefined };
}

function barRenderer(stream: NodeJS.WritableStream): ProgressRenderer {
  const multibar = new cliProgress.MultiBar(
    {
      stream,
      format: '{name} {bar} {percentage}% {sizes}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  // MultiBar only prints logged lines on its next redraw, and never while no bar exists.
  const log = (line: string): void => {
    if (multibar.isActive) multibar.log(`${line}\n`);
    else stream.write(`${line}\n`);
  };
  const stop = (): void => {
    if (!multibar.isActive) return;
    multibar.update(); // flush lines logged since the last redraw
    multibar.stop();
  };
  const onProgress = (p: FetchProgress): void => {
    if (p.phase === 'cached') {
      log(`${p.file}: already in the cache`);
      return;
    }
    let bar = bars.get(p.file);
    if (!bar) {
      bar = multibar.create(p.total ?? 1, 0, { name: fit(p.file), sizes: '' });
      bars.set(p.file, bar);
    }
    if (p.total !== undefined) bar.setTotal(p.total);
    const label = p.phase === 'downloading' ? sizes(p.done, p.total) : p.phase;
    bar.update(p.total === undefined ? 0 : p.done, { sizes: label });
  };
  return { onProgress, stop };
}
