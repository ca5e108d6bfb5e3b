// What a key does in copy mode, and while a search is being typed there.
// Every key is used in copy mode (as in tmux): none reaches the program.
import { leaveCopy, moveCursor, moveTo, search, selectedText, type History } from './copy-mode.js';
import { dispatch, keyFor, type Handlers } from './key-bindings.js';
import type { Key } from './keys.js';
import type { CopyMode, UiState } from './ui-state.js';

export interface CopyKeyResult {
  readonly patch: Partial<UiState>;
  /** Text for the clipboard (the learner copied a selection). */
  readonly clipboard?: string;
}

const searchKeys: Handlers<'search', [CopyMode, History | undefined], CopyKeyResult> = {
  'search-cancel': (c) => ({ patch: { copy: { ...c, search: undefined }, message: undefined } }),
  'search-erase': (c) => ({
    patch: {
      copy: { ...c, search: { query: [...(c.search?.query ?? '')].slice(0, -1).join(''), typing: true } },
    },
  }),
  'search-find': (c, h) => {
    if (!h) return { patch: {} };
    const res = search(c, h, c.search?.query ?? '', true);
    return { patch: { copy: res.copy, message: res.message } };
  },
};

/** A key while the search query is typed: the search keys act, any other character adds to the query. */
export function searchKey(c: CopyMode, key: Key, h: History | undefined): CopyKeyResult {
  const bound = dispatch('search', key.name, searchKeys, c, h);
  if (bound.handled) return bound.result;
  const text = key.name === 'paste' ? (key.text ?? '') : [...key.raw].length === 1 ? key.raw : '';
  if (text && !/[\x00-\x1f]/.test(text))
    return { patch: { copy: { ...c, search: { query: (c.search?.query ?? '') + text, typing: true } } } };
  return { patch: {} };
}

const move =
  (delta: (h: History) => number) =>
  (c: CopyMode, h: History): CopyKeyResult => ({
    patch: { copy: moveCursor(c, h, delta(h)), message: undefined },
  });
const page = (h: History): number => Math.max(1, h.rows - 1);

const match =
  (older: boolean) =>
  (c: CopyMode, h: History): CopyKeyResult => {
    if (!c.search?.query)
      return { patch: { message: `no search yet: press ${keyFor('copy', 'copy-search')} to search` } };
    const res = search(c, h, c.search.query, older);
    return { patch: { copy: res.copy, message: res.message } };
  };

const copyKeys: Handlers<'copy', [CopyMode, History], CopyKeyResult> = {
  'scroll-up': move(() => -1),
  'scroll-down': move(() => 1),
  'page-up': move((h) => -page(h)),
  'page-down': move(page),
  'copy-top': (c, h) => ({ patch: { copy: moveTo(c, h, 0) } }),
  'copy-bottom': (c, h) => ({ patch: { copy: moveTo(c, h, h.length - 1) } }),
  'copy-search': (c) => ({
    patch: { copy: { ...c, search: { query: '', typing: true } }, message: undefined },
  }),
  'copy-next-match': match(true),
  'copy-prev-match': match(false),
  'copy-select': (c) => ({
    patch: { copy: { ...c, anchor: c.anchor === undefined ? c.cursor : undefined } },
  }),
  'copy-yank': (c, h) => {
    const text = selectedText(c, h);
    leaveCopy(h);
    const n = text.split('\n').length;
    return {
      patch: { copy: undefined, message: `copied ${n} line${n === 1 ? '' : 's'} to the clipboard` },
      clipboard: text,
    };
  },
  close: (_c, h) => {
    leaveCopy(h);
    return { patch: { copy: undefined, message: undefined } };
  },
};

export function copyKey(c: CopyMode, key: Key, h: History | undefined): CopyKeyResult {
  // The pane went away: copy mode has nothing left to show.
  if (!h) return { patch: { copy: undefined, message: undefined } };
  const bound = dispatch('copy', key.name, copyKeys, c, h);
  return bound.handled ? bound.result : { patch: {} };
}
