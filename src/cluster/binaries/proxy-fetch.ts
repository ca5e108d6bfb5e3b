// Downloads honour HTTPS_PROXY, HTTP_PROXY and NO_PROXY (lower-case names
// too), as curl does. Node's own fetch ignores them (newer Nodes only with
// NODE_USE_ENV_PROXY=1), so with a proxy set the request goes through
// undici's fetch and its EnvHttpProxyAgent, which reads exactly these
// variables; without one, nothing changes and undici is never loaded.

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/** Whether the environment names a proxy for downloads. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '') !== '');
}

/** fetch(), through the proxy the environment names (unless NO_PROXY matches the host). */
export async function fetchThroughProxy(url: string, init: RequestInit): Promise<Response> {
  if (!proxyConfigured()) return fetch(url, init);
  const { EnvHttpProxyAgent, fetch: undiciFetch } = await import('undici');
  // A new agent per request reads the environment as it is now; downloads are few.
  const dispatcher = new EnvHttpProxyAgent();
  const response = await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  return response as unknown as Response;
}
