// A local copy of the objects a check looks at, kept current by list + watch
// (the informer pattern without the library's informer, so that one small
// ClusterClient interface is all a test has to fake). While the watch is up a
// look costs no request and a change is seen as soon as the server sends it;
// while it is down, looks read the server directly (polling) and the watch is
// retried with backoff.
import type { ClusterClient, KubeObject, ObjectRef, WatchEvent } from './kube.js';
import { objectKey } from './kube.js';
import type { Observation, Observer } from './types.js';

export interface WatchOptions {
  /** First retry delay after the watch fails (ms). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

export class WatchedObjects {
  private readonly cache = new Map<string, KubeObject>();
  private synced = false;
  /** Why the watch is down, for diagnostics. */
  lastWatchError: string | undefined;

  constructor(
    private readonly client: ClusterClient,
    private readonly ref: ObjectRef,
    private readonly opts: WatchOptions = {},
  ) {}

  /** True while the local copy follows the server. */
  get live(): boolean {
    return this.synced;
  }

  /** Follows the server until `signal` aborts, calling `onChange` after every change. */
  start(onChange: () => void, signal: AbortSignal): void {
    void this.follow(onChange, signal);
  }

  /** The objects now: from the local copy while it is live, else straight from the server. */
  async read(signal?: AbortSignal): Promise<KubeObject[]> {
    if (this.synced) return sorted([...this.cache.values()]);
    if (this.ref.name) {
      const o = await this.client.get({ ...this.ref, name: this.ref.name }, signal);
      return o ? [o] : [];
    }
    return sorted([...(await this.client.list(this.ref, signal)).items]);
  }

  private async follow(onChange: () => void, signal: AbortSignal): Promise<void> {
    const first = this.opts.retryMs ?? 200;
    let delay = first;
    while (!signal.aborted) {
      // One round = one list + one watch; an ERROR event ends the round early.
      const round = new AbortController();
      const stopRound = (): void => round.abort();
      signal.addEventListener('abort', stopRound, { once: true });
      const started = Date.now();
      let relistNow = false;
      try {
        const list = await this.client.list(this.ref, round.signal);
        this.cache.clear();
        for (const o of list.items) this.cache.set(objectKey(o), o);
        this.synced = true;
        this.lastWatchError = undefined;
        onChange();
        await this.client.watch(
          this.ref,
          list.resourceVersion,
          (e) => {
            const r = this.apply(e);
            if (r === 'changed') onChange();
            else if (r === 'relist' || r === 'failed') {
              relistNow = r === 'relist';
              round.abort();
            }
          },
          round.signal,
        );
        // The server ends watches after a while; a long-lived one is normal, start over at once.
        if (Date.now() - started > 10_000) delay = first;
      } catch (err) {
        this.lastWatchError = (err as Error).message;
      } finally {
        signal.removeEventListener('abort', stopRound);
        round.abort();
        this.synced = false;
      }
      if (signal.aborted) break;
      if (!relistNow) {
        await sleep(delay, signal);
        delay = Math.min(delay * 2, this.opts.maxRetryMs ?? 5000);
      }
    }
  }

  private apply(e: WatchEvent): 'changed' | 'ignored' | 'relist' | 'failed' {
    switch (e.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.cache.set(objectKey(e.object), e.object);
        return 'changed';
      case 'DELETED':
        this.cache.delete(objectKey(e.object));
        return 'changed';
      case 'BOOKMARK':
        return 'ignored';
      case 'ERROR':
        // 410 Gone: our resourceVersion is too old; a fresh list fixes it.
        this.lastWatchError = e.message;
        return e.code === 410 ? 'relist' : 'failed';
    }
  }
}

function sorted(objects: KubeObject[]): KubeObject[] {
  return objects.sort((a, b) => objectKey(a).localeCompare(objectKey(b)));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * An Observer over watched objects: looks evaluate the local copy, and every
 * change wakes the check. `pollMs` only matters while the watch is down.
 */
export function watchedObserver(
  objects: WatchedObjects,
  evaluate: (objects: KubeObject[], signal: AbortSignal) => Promise<Observation>,
  pollMs = 1000,
): Observer {
  return {
    pollMs,
    maxPollMs: 5000,
    async observe(signal) {
      return evaluate(await objects.read(signal), signal);
    },
    subscribe(wake, signal) {
      const stop = new AbortController();
      const onAbort = (): void => stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      objects.start(wake, stop.signal);
      return () => {
        signal.removeEventListener('abort', onAbort);
        stop.abort();
      };
    },
  };
}
