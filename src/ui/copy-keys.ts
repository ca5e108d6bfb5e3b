// What a key does in copy mode, and while a search is being typed there.
// Every key is used in copy mode (as in tmux): none reaches the program.
import { leaveCopy, moveCursor, moveTo, search, selectedText, type History } from './copy-mode.js';
import { lookup } from './key-bindings.js';
import type { Key } from './keys.js';
import type { CopyMode, UiState } from './ui-state.js';

export interface CopyKeyResult {
  readonly patch: Partial<UiState>;
  /** Text for the clipboard (the learner copied a selection). */
  readonly clipboard?: string;
}

/** A key while the search query is typed: letters add to it, Enter searches, Esc gives up. */
export function searchKey(c: CopyMode, key: Key, h: History | undefined): CopyKeyResult {
  const query = c.search?.query ?? '';
  if (key.name === 'escape' || key.name === 'C-c')
    return { patch: { copy: { ...c, search: undefined }, message: undefined } };
  if (key.name === 'backspace')
    return { patch: { copy: { ...c, search: { query: [...query].slice(0, -1).join(''), typing: true } } } };
  if (key.name === 'enter' && h) {
    const res = search(c, h, query, true);
    return { patch: { copy: res.copy, message: res.message } };
  }
  const text = key.name === 'paste' ? (key.text ?? '') : [...key.raw].length === 1 ? key.raw : '';
  if (text && !/[\x00-\x1f]/.test(text))
    return { patch: { copy: { ...c, search: { query: query + text, typing: true } } } };
  return { patch: {} };
}

export function copyKey(c: CopyMode, key: Key, h: History | undefined): CopyKeyResult {
  const action = lookup('copy', key.name)?.action;
  if (!h || action === 'close') {
    if (h) leaveCopy(h);
    return { patch: { copy: undefined, message: undefined } };
  }
  const page = Math.max(1, h.rows - 1);
  switch (action) {
    case 'scroll-up':
    case 'scroll-down':
    case 'page-up':
    case 'page-down': {
      const delta = { 'scroll-up': -1, 'scroll-down': 1, 'page-up': -page, 'page-down': page }[action];
      return { patch: { copy: moveCursor(c, h, delta), message: undefined } };
    }
    case 'copy-top':
      return { patch: { copy: moveTo(c, h, 0) } };
    case 'copy-bottom':
      return { patch: { copy: moveTo(c, h, h.length - 1) } };
    case 'copy-search':
      return { patch: { copy: { ...c, search: { query: '', typing: true } }, message: undefined } };
    case 'copy-next-match':
    case 'copy-prev-match': {
      if (!c.search?.query) return { patch: { message: 'no search yet: press / to search' } };
      const res = search(c, h, c.search.query, action === 'copy-next-match');
      return { patch: { copy: res.copy, message: res.message } };
    }
    case 'copy-select':
      return { patch: { copy: { ...c, anchor: c.anchor === undefined ? c.cursor : undefined } } };
    case 'copy-yank': {
      const text = selectedText(c, h);
      leaveCopy(h);
      const n = text.split('\n').length;
      return {
        patch: { copy: undefined, message: `copied ${n} line${n === 1 ? '' : 's'} to the clipboard` },
        clipboard: text,
      };
    }
    default:
      return { patch: {} };
  }
}
