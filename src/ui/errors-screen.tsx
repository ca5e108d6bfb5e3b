// Authoring errors in the app instead of a crash: every problem with its
// file:line:col and what to change, and a key to read the files again, so an
// author can fix the Markdown in another window and carry on.
import React from 'react';
import { Box, Text } from 'ink';
import type { LessonIssue } from '../lesson/issues.js';
import type { Workshop } from '../lesson/model.js';
import { OverlayScreen } from './components/Overlay.js';
import { scrollMax } from './geometry.js';
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import { parseKeys } from './keys.js';
import { useTheme } from './screen-context.js';
import type { ScreenLoop } from './screen-loop.js';
import { Store } from './store.js';
import { storeBinding } from './store-context.js';
import { makeTheme } from './theme.js';

export type LoadAttempt =
  | { readonly ok: true; readonly workshop: Workshop }
  | {
      readonly ok: false;
      readonly dir: string;
      readonly issues: readonly LessonIssue[];
      readonly error?: string;
    };

type Failed = Extract<LoadAttempt, { ok: false }>;

interface ErrorsState {
  readonly attempt: Failed;
  readonly top: number;
  readonly status: string;
}

const errors = storeBinding<ErrorsState>('the errors screen');

export function ErrorsScreen() {
  const { attempt, top, status } = errors.useState();
  const theme = useTheme();
  const n = attempt.issues.length;
  return (
    <OverlayScreen top={top} status={status} context="errors">
      <Text>
        {theme.bad(
          attempt.error
            ? `The lessons in ${attempt.dir} cannot be read:`
            : `The lessons in ${attempt.dir} have ${n} problem${n === 1 ? '' : 's'}:`,
        )}
      </Text>
      <Text> </Text>
      {attempt.error && (
        <Box paddingLeft={2} marginBottom={1}>
          <Text>{attempt.error}</Text>
        </Box>
      )}
      {attempt.issues.map((i, k) => (
        <Box key={k} flexDirection="column" marginBottom={1}>
          <Text>{theme.bold(`${i.pos.file}:${i.pos.line}:${i.pos.column}`)}</Text>
          <Box paddingLeft={4}>
            <Text>{i.message}</Text>
          </Box>
        </Box>
      ))}
      <Text>
        {theme.dim(
          `Fix the files, then press ${keyFor('errors', 'reload')} to read them again (demystify lint lists the same problems).`,
        )}
      </Text>
    </OverlayScreen>
  );
}

/** Shows the problems until the lessons load (returns the workshop) or the learner quits (undefined). */
export function errorsScreen(
  loop: ScreenLoop,
  color: boolean,
  first: Failed,
  reload: () => Promise<LoadAttempt>,
): Promise<Workshop | undefined> {
  const theme = makeTheme(color);
  const store = new Store<ErrorsState>({ attempt: first, top: 0, status: '' });
  const scroll = (by: number): void => {
    const max = scrollMax(loop.lastGeometry());
    store.set({ top: Math.max(0, Math.min(max, store.get().top + by)) });
  };
  return new Promise((resolve) => {
    let ended = false;
    const end = (workshop: Workshop | undefined): void => {
      ended = true;
      resolve(workshop);
    };
    const keys: Handlers<'errors'> = {
      quit: () => end(undefined),
      'scroll-up': () => scroll(-3),
      'scroll-down': () => scroll(3),
      reload: () => {
        store.set({ status: theme.dim('reading the lessons again…') });
        void reload().then((next) => {
          if (next.ok) return end(next.workshop);
          store.set({ attempt: next, status: theme.warn(`still ${next.issues.length || 1} problem(s)`) });
        });
      },
    };
    loop.show({
      view: (
        <errors.Provider store={store}>
          <ErrorsScreen />
        </errors.Provider>
      ),
      store,
      // Fewer problems than before: the view is not scrolled past the end.
      laidOut: (g) => store.set({ top: Math.min(store.get().top, scrollMax(g)) }),
      input: (chunk) => {
        for (const key of parseKeys(chunk)) if (!ended) dispatch('errors', key.name, keys);
      },
    });
  });
}
