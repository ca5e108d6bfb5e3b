// How demystify's own requests to the API server introduce themselves, so the
// wire view can name them (and hide them by default): "demystify/0.1.0 (check)".
import { packageVersion } from '../fs/package-root.js';

/** What a request of demystify's own is for. */
export type OwnPurpose = 'check' | 'apply' | 'readiness probe' | 'checkpoint';

export function demystifyUserAgent(purpose: OwnPurpose, version: string = packageVersion): string {
  return `demystify/${version} (${purpose})`;
}

/** The purpose in a user agent of ours, or undefined when the request was someone else's. */
export function ownPurpose(userAgent: string): string | undefined {
  if (!userAgent.startsWith('demystify/')) return undefined;
  return /\(([^)]*)\)/.exec(userAgent)?.[1] || 'request';
}
