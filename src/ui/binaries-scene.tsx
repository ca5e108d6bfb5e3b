// A first run with no binaries: before anything else, the workshop offers to
// fetch them - what, from where, about how big - shows the download's
// progress in the app, and goes on. Declining (or a download that fails)
// leaves the learner at a screen that says how to get them later; from
// there the workshop can still be opened, and its first chapters work.
import React from 'react';
import { Box, Text } from 'ink';
import { OverlayScreen } from './components/Overlay.js';
import { scrollMax } from './geometry.js';
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import { parseKeys } from './keys.js';
import { useScreenSize, useTheme } from './screen-context.js';
import type { ScreenLoop } from './screen-loop.js';
import { Store } from './store.js';
import { storeBinding } from './store-context.js';

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
  | { readonly kind: 'fetching'; readonly files: readonly FileProgress[] }
  | { readonly kind: 'failed'; readonly failures: readonly string[] }
  | { readonly kind: 'declined' };

interface OfferState {
  readonly offer: FetchOffer;
  readonly view: View;
  readonly top: number;
}

const offerStore = storeBinding<OfferState>('the binaries offer');

const GET_LATER =
  'Get them later with `demystify fetch` (it shows its progress), or point demystify at binaries you have with --bin-dir, or at a classroom mirror with --mirror; `demystify doctor` says what is still missing.';

function bar(fraction: number, width: number): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function Progress({ files }: { readonly files: readonly FileProgress[] }) {
  const { cols } = useScreenSize();
  let done = 0;
  let total = 0;
  for (const f of files) {
    done += f.done;
    total += f.total ?? f.done;
  }
  return (
    <Box flexDirection="column" paddingLeft={2}>
      {files.map((f) => {
        const pct = f.total
          ? `${Math.floor((100 * f.done) / f.total)}%`
          : `${Math.round(f.done / 1048576)} MB`;
        return <Text key={f.file}>{`${f.phase.padEnd(11)} ${pct.padStart(6)}  ${f.file}`}</Text>;
      })}
      <Text> </Text>
      <Text>{`${bar(total ? done / total : 0, Math.max(10, Math.min(40, cols - 16)))} ${Math.round(done / 1048576)} MB`}</Text>
    </Box>
  );
}

/** What to do now, in the offer's state. */
function Next({ view }: { readonly view: View }) {
  const theme = useTheme();
  switch (view.kind) {
    case 'offer':
      return (
        <Text>
          {theme.accent(
            `${keyFor('binaries', 'fetch', { all: true })} downloads them now; ${keyFor('binaries', 'decline')} does not.`,
          )}
        </Text>
      );
    case 'fetching':
      return <Progress files={view.files} />;
    case 'failed':
      return (
        <Box flexDirection="column" rowGap={1}>
          <Box flexDirection="column">
            <Text>{theme.bad('The download did not complete:')}</Text>
            {view.failures.map((f) => (
              <Box key={f} paddingLeft={2}>
                <Text>{theme.bad(f)}</Text>
              </Box>
            ))}
          </Box>
          <Text>{GET_LATER}</Text>
          <Text>
            {theme.accent(
              `${keyFor('binaries', 'retry')} tries again; ${keyFor('binaries', 'continue')} opens the workshop anyway; ${keyFor('binaries', 'quit')} quits.`,
            )}
          </Text>
        </Box>
      );
    case 'declined':
      return (
        <Box flexDirection="column" rowGap={1}>
          <Text>{GET_LATER}</Text>
          <Text>
            Without them no component can start; the first chapters (the welcome, the certificates) work all
            the same.
          </Text>
          <Text>
            {theme.accent(
              `${keyFor('binaries', 'fetch')} downloads them after all; ${keyFor('binaries', 'continue')} opens the workshop anyway; ${keyFor('binaries', 'quit')} quits.`,
            )}
          </Text>
        </Box>
      );
  }
}

export function BinariesOffer() {
  const { offer, view, top } = offerStore.useState();
  const theme = useTheme();
  return (
    <OverlayScreen top={top} status="" context="binaries">
      <Box flexDirection="column" rowGap={1}>
        <Text>{theme.bold("The workshop's programs are not on this machine yet")}</Text>
        <Box flexDirection="column">
          <Text>
            Every component runs from its official release, downloaded once and checked against its SHA-256:
          </Text>
          {offer.projects.map((p) => (
            <Box key={p.project} paddingLeft={2}>
              <Text>{`${p.project} ${p.version}: ${p.binaries.join(', ')}`}</Text>
            </Box>
          ))}
        </Box>
        <Text>{`From ${offer.hosts.join(', ')}; about ${offer.approxMiB} MB in all, into your cache (~/.cache/demystify).`}</Text>
        <Next view={view} />
      </Box>
    </OverlayScreen>
  );
}

/** Shows the offer until the binaries are here, or the learner goes on without them, or quits. */
export function binariesScene(loop: ScreenLoop, offer: FetchOffer, fetch: Fetcher): Promise<BinariesChoice> {
  const store = new Store<OfferState>({ offer, view: { kind: 'offer' }, top: 0 });
  const abort = new AbortController();
  const kind = (): View['kind'] => store.get().view.kind;
  return new Promise((resolve) => {
    let ended = false;
    const end = (choice: BinariesChoice): void => {
      ended = true;
      abort.abort();
      resolve(choice);
    };
    const start = (): void => {
      const files = new Map<string, FileProgress>();
      store.set({ view: { kind: 'fetching', files: [] } });
      void fetch((p) => {
        files.set(p.file, p);
        store.set({ view: { kind: 'fetching', files: [...files.values()] } });
      }, abort.signal).then((failures) => {
        if (ended) return;
        if (!failures.length) return end('fetched');
        store.set({ view: { kind: 'failed', failures } });
      });
    };
    // What a key does depends on where the offer stands; a key that means nothing there is ignored.
    const keys: Handlers<'binaries'> = {
      fetch: () => kind() !== 'fetching' && start(),
      retry: () => kind() === 'failed' && start(),
      decline: () => kind() === 'offer' && store.set({ view: { kind: 'declined' } }),
      continue: () => (kind() === 'declined' || kind() === 'failed') && end('continue'),
      quit: () => end('quit'),
      'scroll-up': () => scroll(-3),
      'scroll-down': () => scroll(3),
    };
    const scroll = (by: number): void => {
      const max = scrollMax(loop.lastGeometry());
      store.set({ top: Math.max(0, Math.min(max, store.get().top + by)) });
    };
    loop.show({
      view: (
        <offerStore.Provider store={store}>
          <BinariesOffer />
        </offerStore.Provider>
      ),
      store,
      laidOut: (g) => store.set({ top: Math.min(store.get().top, scrollMax(g)) }),
      input: (chunk) => {
        for (const key of parseKeys(chunk)) if (!ended) dispatch('binaries', key.name, keys);
      },
    });
  });
}
