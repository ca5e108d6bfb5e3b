// A first run with no binaries: before anything else, the workshop offers to
// fetch them - what, from where, about how big - shows the download's
// progress in the app, and goes on. Declining (or a download that fails)
// leaves the learner at a screen that says how to get them later; from
// there the workshop can still be opened, and its first chapters work.
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import { parseKeys } from './keys.js';
import { wrapWords } from '../text/wrap.js';
import { overlayFrame } from './overlay-frame.js';
import type { ScreenLoop } from './screen-loop.js';
import type { TerminalIO } from './terminal-io.js';
import { makeTheme, type Theme } from './theme.js';

/** What is missing, from where, about how big (the cluster layer's offer, as this screen needs it). */
export interface FetchOffer {
  readonly projects: readonly {
    readonly project: string;
    readonly version: string;
    readonly binaries: readonly string[];
  }[];
  readonly hosts: readonly string[];
  readonly approxMiB: number;
}

/** One file's progress, as the downloader reports it. */
export interface FileProgress {
  readonly file: string;
  readonly phase: string;
  readonly done: number;
  readonly total: number | undefined;
}

/** Runs the download; progress as it goes; resolves with failure sentences (none: all fetched). */
export type Fetcher = (
  onProgress: (p: FileProgress) => void,
  signal: AbortSignal,
) => Promise<readonly string[]>;

export type BinariesChoice = 'fetched' | 'continue' | 'quit';

type View =
  | { readonly kind: 'offer' }
  | { readonly kind: 'fetching'; readonly files: ReadonlyMap<string, FileProgress> }
  | { readonly kind: 'failed'; readonly failures: readonly string[] }
  | { readonly kind: 'declined' };

export function offerLines(offer: FetchOffer, view: View, width: number, theme: Theme): string[] {
  const w = Math.max(20, width - 2);
  const out: string[] = [theme.bold("The workshop's programs are not on this machine yet"), ''];
  const say = (text: string, paint: (s: string) => string = (s) => s): void => {
    out.push(...wrapWords(text, w).map(paint));
  };
  say('Every component runs from its official release, downloaded once and checked against its SHA-256:');
  for (const p of offer.projects) out.push(`  ${p.project} ${p.version}: ${p.binaries.join(', ')}`);
  out.push('');
  say(
    `From ${offer.hosts.join(', ')}; about ${offer.approxMiB} MB in all, into your cache (~/.cache/demystify).`,
  );
  out.push('');
  switch (view.kind) {
    case 'offer':
      say(
        `${keyFor('binaries', 'fetch', { all: true })} downloads them now; ${keyFor('binaries', 'decline')} does not.`,
        theme.accent,
      );
      break;
    case 'fetching': {
      let done = 0;
      let total = 0;
      for (const f of view.files.values()) {
        done += f.done;
        total += f.total ?? f.done;
        const pct = f.total
          ? `${Math.floor((100 * f.done) / f.total)}%`
          : `${Math.round(f.done / 1048576)} MB`;
        out.push(`  ${f.phase.padEnd(11)} ${pct.padStart(6)}  ${f.file}`);
      }
      out.push(
        '',
        `  ${bar(total ? done / total : 0, Math.min(40, w - 12))} ${Math.round(done / 1048576)} MB`,
      );
      break;
    }
    case 'failed':
      say('The download did not complete:', theme.bad);
      for (const f of view.failures) out.push(...wrapWords(`  ${f}`, w).map(theme.bad));
      out.push('');
      say(GET_LATER);
      out.push('');
      say(
        `${keyFor('binaries', 'retry')} tries again; ${keyFor('binaries', 'continue')} opens the workshop anyway; ${keyFor('binaries', 'quit')} quits.`,
        theme.accent,
      );
      break;
    case 'declined':
      say(GET_LATER);
      out.push('');
      say(
        'Without them no component can start; the first chapters (the welcome, the certificates) work all the same.',
      );
      out.push('');
      say(
        `${keyFor('binaries', 'fetch')} downloads them after all; ${keyFor('binaries', 'continue')} opens the workshop anyway; ${keyFor('binaries', 'quit')} quits.`,
        theme.accent,
      );
      break;
  }
  return out;
}

const GET_LATER =
  'Get them later with `demystify fetch` (it shows its progress), or point demystify at binaries you have with --bin-dir, or at a classroom mirror with --mirror; `demystify doctor` says what is still missing.';

function bar(fraction: number, width: number): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

/** Shows the offer until the binaries are here, or the learner goes on without them, or quits. */
export function binariesScene(
  loop: ScreenLoop,
  terminal: TerminalIO,
  color: boolean,
  offer: FetchOffer,
  fetch: Fetcher,
): Promise<BinariesChoice> {
  const theme = makeTheme(color);
  let view: View = { kind: 'offer' };
  const abort = new AbortController();
  return new Promise((resolve) => {
    let ended = false;
    const end = (choice: BinariesChoice): void => {
      ended = true;
      abort.abort();
      resolve(choice);
    };
    const start = (): void => {
      const files = new Map<string, FileProgress>();
      view = { kind: 'fetching', files };
      void fetch((p) => {
        files.set(p.file, p);
        loop.request();
      }, abort.signal).then((failures) => {
        if (ended) return;
        if (failures.length) view = { kind: 'failed', failures };
        else return end('fetched');
        loop.request();
      });
    };
    loop.show({
      frame: () =>
        overlayFrame(terminal, theme, 'binaries', (layout) => ({
          lines: offerLines(offer, view, layout.cols, theme),
          status: '',
        })),
      input: (chunk) => {
        for (const key of parseKeys(chunk)) if (!ended) dispatch('binaries', key.name, keys);
        loop.request();
      },
    });
    // What a key does depends on where the offer stands; a key that means nothing there is ignored.
    const keys: Handlers<'binaries'> = {
      fetch: () => view.kind !== 'fetching' && start(),
      retry: () => view.kind === 'failed' && start(),
      decline: () => view.kind === 'offer' && (view = { kind: 'declined' }),
      continue: () => (view.kind === 'declined' || view.kind === 'failed') && end('continue'),
      quit: () => end('quit'),
    };
  });
}
