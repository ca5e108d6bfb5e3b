// The API server's own health endpoints, /readyz and /livez, read with the
// kubeconfig's client certificate. Polled every 100 ms: while the server is
// starting there is nothing to watch yet, and a refused connection is cheap.
import { ClusterError, type ClusterClient } from './kube.js';
import type { Observation, Observer } from './types.js';

export function apiObserver(client: ClusterClient, endpoint: 'readyz' | 'livez', pollMs = 100): Observer {
  return {
    pollMs,
    maxPollMs: 1000,
    async observe(signal) {
      try {
        return judgeHealth(endpoint, await client.raw(`/${endpoint}?verbose`, signal));
      } catch (err) {
        // Not thrown on: a throw backs the poll off, and the learner is
        // about to start the server, so keep looking every 100 ms.
        if (!(err instanceof ClusterError)) throw err;
        return { ok: false, progress: err.message, reason: err.message };
      }
    },
  };
}

/** The pure part: an HTTP answer in, verdict out. */
export function judgeHealth(endpoint: string, res: { status: number; body: string }): Observation {
  if (res.status === 200) return { ok: true, progress: `/${endpoint} is ok` };
  let sentence: string;
  if (res.status === 401) {
    sentence = `the API server did not accept our client certificate (401): is it signed by the CA given to --client-ca-file?`;
  } else if (res.status === 403) {
    sentence = `the API server refused /${endpoint} (403): the kubeconfig's user may not read it`;
  } else {
    // Verbose output lists every check; "[-]etcd failed: reason withheld" are the failing ones.
    const failing = res.body
      .split('\n')
      .map((l) => /^\[-\]\s*(\S+)/.exec(l.trim())?.[1])
      .filter((x): x is string => Boolean(x));
    const hint = failing.includes('etcd')
      ? ': is etcd running, and reachable at --etcd-servers with the --etcd-* certificates?'
      : '';
    sentence = failing.length
      ? `the API server answers but /${endpoint} is not ok yet (failing: ${failing.slice(0, 4).join(', ')}${failing.length > 4 ? ', ...' : ''})${hint}`
      : `/${endpoint} answered ${res.status}: ${res.body.trim().split('\n').slice(-3).join(' ').slice(0, 200)}`;
  }
  return { ok: false, progress: sentence, reason: sentence };
}
