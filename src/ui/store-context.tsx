// How components reach their screen's store: one provider at the top of the
// screen's tree subscribes (so a published change is one render, not one per
// component), and every component below asks for the state with a hook
// instead of having it handed down through the layers between.
import React, { createContext, use, useSyncExternalStore, type ReactNode } from 'react';
import type { Store } from './store.js';

export interface StoreBinding<S extends object> {
  /** Put at the top of the screen's tree. */
  readonly Provider: (props: { readonly store: Store<S>; readonly children: ReactNode }) => ReactNode;
  /** The screen's state, from any component below the provider. */
  readonly useState: () => S;
}

export function storeBinding<S extends object>(name: string): StoreBinding<S> {
  const Context = createContext<S | undefined>(undefined);
  function Provider({ store, children }: { readonly store: Store<S>; readonly children: ReactNode }) {
    const state = useSyncExternalStore(store.subscribe, store.snapshot);
    return <Context value={state}>{children}</Context>;
  }
  function useState(): S {
    const state = use(Context);
    if (state === undefined) throw new Error(`${name}: a component of this screen is outside its provider`);
    return state;
  }
  return { Provider, useState };
}
