// One connection to a class server, kept up: TLS to the address of the join
// line, the server's certificate checked against the line's fingerprint
// before anything of ours is sent (the HTTP upgrade carries no secret; the
// hello with the code goes only once the pin matched), then hello, then
// messages both ways. A dropped connection is tried again by itself
// (backoff.ts); a refusal that trying again cannot fix (a wrong code, a
// different certificate) stops and says why. With no class server
// reachable nothing else in the workshop waits for it.
import crypto from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { retryDelay } from './backoff.js';
import { systemClock, type Clock, type Timer } from './clock.js';
import type { JoinLine } from './join-line.js';
import {
  CLOSE,
  LIMITS,
  WS_PATH,
  asBuffer,
  parseServerMessage,
  type ClientMessage,
  type Hello,
  type ServerMessage,
} from './protocol.js';

export type ConnectionStatus =
  | { readonly kind: 'connecting'; readonly attempt: number; readonly error: string | undefined }
  | { readonly kind: 'connected'; readonly title: string }
  /** Stopped for good: trying again would not help (the sentence says what would). */
  | { readonly kind: 'stopped'; readonly reason: string }
  | { readonly kind: 'closed' };

export interface ConnectionOptions {
  readonly join: JoinLine;
  /** Built anew for every try (the learner's name and id, the code). */
  readonly hello: () => Hello;
  /** After each welcome: send what the server should know now (progress, hand, a shared screen). */
  readonly onWelcome?: () => void;
  readonly onMessage?: (msg: ServerMessage) => void;
  readonly onBinary?: (chunk: Buffer) => void;
  readonly onStatus?: (s: ConnectionStatus) => void;
  readonly clock?: Clock;
  /** A ping this often; no answer by the next one means the server is gone (a laptop that slept): connect again. */
  readonly pingMs?: number;
}

/** Bytes waiting to go out past which screen chunks are skipped (the sharer draws its screen again later). */
export const MAX_BUFFERED = 1024 * 1024;

function addressOf(j: JoinLine): string {
  const host = j.host.includes(':') ? `[${j.host}]` : j.host;
  return `wss://${host}:${j.port}${WS_PATH}`;
}

export class ClassConnection {
  private ws: WebSocket | undefined;
  private status: ConnectionStatus = { kind: 'connecting', attempt: 0, error: undefined };
  private attempt = 0;
  private retry: Timer | undefined;
  private pinger: Timer | undefined;
  private closed = false;
  private readonly clock: Clock;

  constructor(private readonly opts: ConnectionOptions) {
    this.clock = opts.clock ?? systemClock;
    this.connect();
  }

  get state(): ConnectionStatus {
    return this.status;
  }

  get connected(): boolean {
    return this.status.kind === 'connected';
  }

  /** Sends a message if connected; false when not (what matters is sent again after the next welcome). */
  send(msg: ClientMessage): boolean {
    if (!this.connected || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Sends screen bytes; false when not connected or too much waits to go out (the caller draws a keyframe later). */
  sendBinary(chunk: Buffer): boolean {
    const ws = this.ws;
    if (!this.connected || ws?.readyState !== WebSocket.OPEN || ws.bufferedAmount > MAX_BUFFERED)
      return false;
    for (let i = 0; i < chunk.length; i += LIMITS.screenChunk / 4)
      ws.send(chunk.subarray(i, i + LIMITS.screenChunk / 4), { binary: true });
    return true;
  }

  /** Closes for good: no retry. Sends `bye` first when asked (leaving the class removes the row). */
  async close(bye = false): Promise<void> {
    this.closed = true;
    this.retry?.cancel();
    this.pinger?.cancel();
    const ws = this.ws;
    this.setStatus({ kind: 'closed' });
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    if (bye && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'bye' }));
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1000);
      // A server that does not answer the close: do not wait for it.
      this.clock.after(1000, () => ws.terminate());
    });
  }

  private connect(): void {
    if (this.closed) return;
    const join = this.opts.join;
    // The certificate is self-signed for the class: trust comes from the pin below, not from a CA.
    const ws = new WebSocket(addressOf(join), {
      rejectUnauthorized: false,
      maxPayload: LIMITS.hardPayload,
      handshakeTimeout: 5000,
      perMessageDeflate: false,
    });
    this.ws = ws;
    let stopped: string | undefined;
    let lastError: string | undefined;
    ws.on('upgrade', (res) => {
      const der = (res.socket as TLSSocket).getPeerCertificate?.()?.raw;
      const got = der ? crypto.createHash('sha256').update(der).digest('base64url') : '';
      if (got !== join.fingerprint) {
        stopped = `the class server at ${join.host}:${join.port} is not the one of this join line (its certificate differs): ask the instructor for the join line again`;
        ws.terminate();
      }
    });
    ws.on('open', () => {
      ws.send(JSON.stringify(this.opts.hello()));
      this.startPings(ws);
    });
    ws.on('message', (data, isBinary) => {
      const buf = asBuffer(data);
      if (isBinary) return this.opts.onBinary?.(buf);
      const parsed = parseServerMessage(buf.toString('utf8'));
      if (!parsed.ok) return;
      const msg = parsed.msg;
      if (msg.type === 'welcome') {
        this.attempt = 0;
        this.setStatus({ kind: 'connected', title: msg.title });
        this.opts.onWelcome?.();
      } else if (msg.type === 'refused') stopped = msg.reason;
      else this.opts.onMessage?.(msg);
    });
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (e) => (lastError = (e as Error).message));
    ws.on('close', (code) => {
      this.pinger?.cancel();
      if (this.ws !== ws || this.closed) return;
      // Refusals other than a full class, and being replaced by our own newer connection, are final.
      if (code === CLOSE.replaced) stopped ??= 'you joined this class again from another window';
      if (stopped && !/full/.test(stopped)) return this.setStatus({ kind: 'stopped', reason: stopped });
      const delay = retryDelay(this.attempt);
      this.attempt += 1;
      this.setStatus({
        kind: 'connecting',
        attempt: this.attempt,
        error:
          stopped ?? lastError ?? (code === CLOSE.serverClosing ? 'the class server stopped' : undefined),
      });
      this.retry = this.clock.after(delay, () => this.connect());
    });
  }

  private alive = true;

  private startPings(ws: WebSocket): void {
    this.alive = true;
    this.pinger?.cancel();
    this.pinger = this.clock.every(this.opts.pingMs ?? 15_000, () => {
      if (!this.alive) return ws.terminate();
      this.alive = false;
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    });
  }

  private setStatus(s: ConnectionStatus): void {
    this.status = s;
    this.opts.onStatus?.(s);
  }
}
