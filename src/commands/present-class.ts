// The presenter's screen, streamed to the class: `demystify present` run
// where `demystify class` runs (the same state folder, so the class's token
// and port are there, 0600) connects as the presenter and shares the frames
// its own terminal gets. Without a class running it does nothing.
import { fingerprintOfPem, runningClass } from '../class/class-identity.js';
import { PresenterStream } from '../class/presenter-stream.js';
import type { ScreenSource } from '../class/screen-share.js';

export async function streamToClass(
  stateDir: string,
  source: ScreenSource,
): Promise<PresenterStream | undefined> {
  const found = await runningClass(stateDir);
  if (!found) return undefined;
  const { where, identity } = found;
  const join = {
    host: where.host,
    port: where.port,
    code: identity.code,
    fingerprint: fingerprintOfPem(identity.certPem),
  };
  return new PresenterStream(join, identity.presenterToken, source);
}
