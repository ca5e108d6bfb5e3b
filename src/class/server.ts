// The class server: a WebSocket server (the `ws` package) on HTTPS with the
// class certificate. Learners say hello with the class code and their secret
// id, then send progress, a raised hand, and - only when they choose to -
// their screen. The instructor's board reads the roster in the same process;
// the presenter's screen streams in with the presenter's token and out to
// every learner who watches it. Whatever arrives is validated first: a bad
// message is dropped and counted against the learner who sent it, and no
// message of one learner can touch another learner's row.
import { EventEmitter } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { systemClock, type Clock } from './clock.js';
import type { ClassIdentity } from './class-identity.js';
import {
  CLOSE,
  LIMITS,
  WS_PATH,
  asBuffer,
  parseClientMessage,
  type ClientMessage,
  type ServerMessage,
} from './protocol.js';
import { Roster, type DropKind } from './roster.js';
import { ScreenRelay, type ScreenSize } from './screen-relay.js';
import { TokenBucket } from './token-bucket.js';
import { Gate } from './gate.js';

export interface ClassServerOptions {
  readonly identity: ClassIdentity;
  /** Where to listen: 0.0.0.0 for the room, 127.0.0.1 in tests. */
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The class's name as learners see it ("connected to …"). */
  readonly title: string;
  readonly clock?: Clock;
  /** A ping this often; a connection that missed one is closed (its row shows away once quiet for a minute). */
  readonly heartbeatMs?: number;
  readonly helloTimeoutMs?: number;
  /** Text messages a learner may send per second (a burst of twice that). */
  readonly messagesPerSecond?: number;
  /** Screen bytes a sharer may send per second. */
  readonly screenBytesPerSecond?: number;
  readonly maxConnections?: number;
}

/** Counts of what the server refused or dropped, for the board's footer and the tests. */
export interface ServerCounts {
  wrongCode: number;
  rateLimited: number;
  badHello: number;
  malformed: number;
  oversized: number;
  flood: number;
  closedTooBig: number;
}

export function noCounts(): ServerCounts {
  return { wrongCode: 0, rateLimited: 0, badHello: 0, malformed: 0, oversized: 0, flood: 0, closedTooBig: 0 };
}

type Peer =
  | { role: 'unknown' }
  | { role: 'learner'; id: string; screen: ScreenRelay }
  | { role: 'watcher'; leave: () => void }
  | { role: 'presenter' };

interface Conn {
  readonly ws: WebSocket;
  readonly address: string;
  peer: Peer;
  alive: boolean;
  readonly text: TokenBucket;
  readonly bytes: TokenBucket;
}

export class ClassServer extends EventEmitter<{ change: [] }> {
  readonly roster = new Roster();
  readonly counts: ServerCounts = noCounts();
  private readonly conns = new Set<Conn>();
  private readonly learners = new Map<string, Conn>();
  private readonly relays = new Map<string, ScreenRelay>();
  private readonly presenterScreen: ScreenRelay;
  private presenter: Conn | undefined;
  private readonly clock: Clock;
  private readonly gate: Gate;
  private heartbeat: { cancel(): void } | undefined;

  private constructor(
    private readonly opts: ClassServerOptions,
    private readonly http: https.Server,
    private readonly wss: WebSocketServer,
  ) {
    super();
    this.clock = opts.clock ?? systemClock;
    this.gate = new Gate(opts.identity, this.clock);
    this.presenterScreen = new ScreenRelay(
      () => this.presenter && send(this.presenter.ws, { type: 'keyframe' }),
      (count) => this.presenter && send(this.presenter.ws, { type: 'viewers', count }),
      () => this.clock.now(),
    );
  }

  static async start(opts: ClassServerOptions): Promise<ClassServer> {
    const http = https.createServer({ key: opts.identity.keyPem, cert: opts.identity.certPem });
    // Nothing but the WebSocket upgrade is served: a plain request gets a 404.
    http.on('request', (_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({
      server: http,
      path: WS_PATH,
      maxPayload: LIMITS.hardPayload,
      clientTracking: false,
    });
    const server = new ClassServer(opts, http, wss);
    wss.on('connection', (ws, req) => server.accept(ws, req.socket.remoteAddress ?? '?'));
    // A client that breaks the TLS handshake (a wrong pin closes right after it) is its own business.
    http.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(opts.port, opts.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
    server.heartbeat = server.clock.every(opts.heartbeatMs ?? 15_000, () => server.beat());
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** How many are connected now, by role. */
  connections(): { learners: number; watchers: number; presenter: boolean } {
    let watchers = 0;
    for (const c of this.conns) if (c.peer.role === 'watcher') watchers += 1;
    return { learners: this.learners.size, watchers, presenter: this.presenter !== undefined };
  }

  /** Opens a learner's shared screen (by the row's public key); undefined when they do not share it now. */
  watchLearner(
    key: string,
    onData: (chunk: Buffer) => void,
    onSize: (s: ScreenSize | undefined) => void,
  ): (() => void) | undefined {
    const id = this.roster.idOf(key);
    const relay = id === undefined ? undefined : this.relays.get(id);
    // Only a screen shared now opens; once open, it follows the learner stopping and sharing again.
    if (!relay?.size) return undefined;
    return relay.add({ buffered: () => 0, data: onData, size: onSize });
  }

  async close(): Promise<void> {
    this.heartbeat?.cancel();
    for (const c of this.conns) c.ws.close(CLOSE.serverClosing, 'the class server is stopping');
    for (const c of this.conns) c.ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(ws: WebSocket, address: string): void {
    const limit = this.opts.messagesPerSecond ?? 20;
    const conn: Conn = {
      ws,
      address,
      peer: { role: 'unknown' },
      alive: true,
      text: new TokenBucket(this.clock, limit, limit * 2),
      bytes: new TokenBucket(
        this.clock,
        this.opts.screenBytesPerSecond ?? 4 * 1024 * 1024,
        2 * LIMITS.hardPayload,
      ),
    };
    if (this.conns.size >= (this.opts.maxConnections ?? 1000)) return refuse(ws, 'the class is full');
    this.conns.add(conn);
    const timer = this.clock.after(this.opts.helloTimeoutMs ?? 10_000, () => {
      if (conn.peer.role === 'unknown') ws.close(CLOSE.helloTimeout, 'no hello');
    });
    ws.on('message', (data, isBinary) => this.message(conn, data, isBinary));
    ws.on('pong', () => {
      conn.alive = true;
      if (conn.peer.role === 'learner') this.roster.seen(conn.peer.id, this.clock.now());
    });
    ws.on('error', (e: Error & { code?: string }) => {
      // ws closes a connection whose message is beyond maxPayload (1009): counted against its learner.
      if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.drop(conn, 'oversized', true);
    });
    ws.on('close', () => {
      timer.cancel();
      this.gone(conn);
    });
  }

  private message(conn: Conn, data: RawData, isBinary: boolean): void {
    const buf = asBuffer(data);
    const peer = conn.peer;
    if (isBinary) {
      if (peer.role === 'learner' || peer.role === 'presenter') conn.alive = true;
      const relay =
        peer.role === 'learner' ? peer.screen : peer.role === 'presenter' ? this.presenterScreen : undefined;
      if (!relay?.size) return this.drop(conn, 'malformed');
      if (buf.length > LIMITS.screenChunk) return this.drop(conn, 'oversized');
      if (!conn.bytes.take(buf.length)) return this.drop(conn, 'flood');
      relay.data(buf);
      return;
    }
    // The budget is taken before parsing: a flood costs a counter, not a JSON parse each.
    if (!conn.text.take()) return this.drop(conn, 'flood');
    const parsed = parseClientMessage(buf.toString('utf8'));
    if (!parsed.ok) return this.drop(conn, parsed.why, peer.role === 'unknown');
    const msg = parsed.msg;
    if (peer.role === 'unknown') return this.hello(conn, msg);
    conn.alive = true;
    if (peer.role === 'learner') this.fromLearner(conn, peer.id, peer.screen, msg);
    else if (peer.role === 'presenter' && msg.type === 'share') this.presenterShare(msg.on ? msg : undefined);
    else if (msg.type !== 'bye') this.drop(conn, 'malformed');
  }

  private hello(conn: Conn, msg: ClientMessage): void {
    const { ws } = conn;
    if (msg.type !== 'hello') return this.drop(conn, 'malformed', true);
    const admitted = this.gate.admit(msg, conn.address);
    if (!admitted.ok) {
      if (admitted.count) this.counts[admitted.count] += 1;
      return refuse(ws, admitted.reason);
    }
    if (msg.role === 'presenter') {
      if (this.presenter) this.presenter.ws.close(CLOSE.replaced, 'another presenter screen took over');
      this.presenter = conn;
      conn.peer = { role: 'presenter' };
      send(ws, { type: 'welcome', role: 'presenter', title: this.opts.title });
      // The board counts the presenter and the watchers too.
      return this.changed();
    }
    if (msg.role === 'watcher') {
      const leave = this.presenterScreen.add({
        buffered: () => ws.bufferedAmount,
        data: (chunk) => ws.send(chunk, { binary: true }),
        size: (s) =>
          send(ws, { type: 'screen', on: s !== undefined, cols: s?.cols ?? 0, rows: s?.rows ?? 0 }),
      });
      conn.peer = { role: 'watcher', leave };
      send(ws, { type: 'welcome', role: 'watcher', title: this.opts.title });
      return this.changed();
    }
    const old = this.learners.get(msg.id);
    // The same learner again (a reconnect the old socket has not noticed yet): the new connection wins.
    if (old) {
      old.peer = { role: 'unknown' };
      old.ws.close(CLOSE.replaced, 'you joined again from another connection');
    }
    const screen =
      this.relays.get(msg.id) ??
      new ScreenRelay(
        () => this.learners.get(msg.id) && send(this.learners.get(msg.id)!.ws, { type: 'keyframe' }),
        (count) =>
          this.learners.get(msg.id) && send(this.learners.get(msg.id)!.ws, { type: 'viewers', count }),
        () => this.clock.now(),
      );
    this.relays.set(msg.id, screen);
    this.learners.set(msg.id, conn);
    conn.peer = { role: 'learner', id: msg.id, screen };
    this.roster.join(msg.id, msg.name, this.clock.now());
    send(ws, { type: 'welcome', role: 'learner', title: this.opts.title });
    if (screen.count) send(ws, { type: 'viewers', count: screen.count });
    this.changed();
  }

  private fromLearner(conn: Conn, id: string, screen: ScreenRelay, msg: ClientMessage): void {
    const now = this.clock.now();
    switch (msg.type) {
      case 'progress':
        this.roster.progress(id, msg, now);
        break;
      case 'hand':
        this.roster.hand(id, msg.up, now);
        break;
      case 'share': {
        const size = msg.on ? { cols: msg.cols, rows: msg.rows } : undefined;
        this.roster.sharing(id, size, now);
        screen.resize(size);
        break;
      }
      case 'bye':
        conn.peer = { role: 'unknown' };
        this.learners.delete(id);
        screen.close();
        this.relays.delete(id);
        this.roster.leave(id);
        conn.ws.close(1000, 'bye');
        break;
      case 'hello':
        return this.drop(conn, 'malformed');
    }
    this.changed();
  }

  private presenterShare(size: ScreenSize | undefined): void {
    this.presenterScreen.resize(size);
  }

  /** Counted against the learner (their row) when we know who it is, else only in the server's counts. */
  private drop(conn: Conn, kind: DropKind, close = false): void {
    this.counts[kind] += 1;
    if (kind === 'oversized' && close) this.counts.closedTooBig += 1;
    if (conn.peer.role === 'learner') {
      this.roster.dropped(conn.peer.id, kind);
      this.changed();
    } else if (conn.peer.role === 'unknown' && close) {
      this.counts.badHello += 1;
      refuse(conn.ws, 'the first message must be a hello');
    }
  }

  private gone(conn: Conn): void {
    this.conns.delete(conn);
    const peer = conn.peer;
    if (peer.role === 'watcher') {
      peer.leave();
      this.changed();
    }
    if (peer.role === 'presenter' && this.presenter === conn) {
      this.presenter = undefined;
      this.presenterShare(undefined);
      this.changed();
    }
    if (peer.role === 'learner' && this.learners.get(peer.id) === conn) {
      this.learners.delete(peer.id);
      peer.screen.resize(undefined);
      this.roster.disconnected(peer.id);
      this.changed();
    }
  }

  /** Pings everyone; a connection that did not answer the last ping is closed (a sleeping laptop). */
  private beat(): void {
    for (const c of this.conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
    // Rows turn "away" as time passes, not on a message: the board looks again.
    this.changed();
  }

  private changed(): void {
    this.emit('change');
  }
}

function send(ws: WebSocket, msg: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

function refuse(ws: WebSocket, reason: string): void {
  send(ws, { type: 'refused', reason });
  ws.close(CLOSE.refused, 'refused');
}
