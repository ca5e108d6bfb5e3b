// Following the instructor: `demystify --join <line> --watch` opens the
// presenter's screen live, as a watcher (the class code, no learner row, no
// progress sent). Only the presenter's screen comes this way.
import { ClassConnection, type ConnectionStatus } from './client.js';
import type { Clock } from './clock.js';
import type { JoinLine } from './join-line.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { RemoteScreen } from './remote-screen.js';

export class PresenterWatch {
  readonly screen = new RemoteScreen();
  private readonly conn: ClassConnection;
  /** The presenter's screen is on (a presenter is connected and streams). */
  on = false;

  constructor(join: JoinLine, onStatus: (s: ConnectionStatus) => void = () => {}, clock?: Clock) {
    this.conn = new ClassConnection({
      join,
      ...(clock ? { clock } : {}),
      hello: () => ({ type: 'hello', v: PROTOCOL_VERSION, role: 'watcher', code: join.code }),
      onMessage: (msg) => {
        if (msg.type !== 'screen') return;
        this.on = msg.on;
        this.screen.resize(msg.on ? { cols: msg.cols, rows: msg.rows } : undefined);
      },
      onBinary: (chunk) => this.screen.data(chunk),
      onStatus: (s) => {
        if (s.kind !== 'connected') {
          this.on = false;
          this.screen.resize(undefined);
        }
        onStatus(s);
      },
    });
  }

  get status(): ConnectionStatus {
    return this.conn.state;
  }

  async close(): Promise<void> {
    await this.conn.close();
    this.screen.dispose();
  }
}
