// The instructor's presenter screen, streamed to the class: `demystify
// present` run in the state folder of a class (the token is there, 0600)
// connects as the presenter and shares its screen; learners who watch
// (`--join <line> --watch`) see it live.
import { ClassConnection, type ConnectionStatus } from './client.js';
import type { JoinLine } from './join-line.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { ScreenShare, type ScreenSource } from './screen-share.js';

export class PresenterStream {
  private readonly conn: ClassConnection;
  private share: ScreenShare | undefined;
  viewers = 0;

  constructor(
    join: JoinLine,
    token: string,
    source: ScreenSource,
    onStatus: (s: ConnectionStatus) => void = () => {},
  ) {
    this.conn = new ClassConnection({
      join,
      hello: () => ({ type: 'hello', v: PROTOCOL_VERSION, role: 'presenter', token }),
      onWelcome: () => {
        this.share ??= new ScreenShare(this.conn, source);
        this.share.announce();
      },
      onMessage: (msg) => {
        if (msg.type === 'keyframe') this.share?.keyframe();
        if (msg.type === 'viewers') this.viewers = msg.count;
      },
      onStatus,
    });
  }

  async close(): Promise<void> {
    this.share?.stop();
    await this.conn.close();
  }
}
