// Readiness probes: one attempt at a time, each bounded by its own timeout, so
// a server that accepts a connection and then hangs cannot stall the loop. A
// failed attempt is a value with a detail the learner can read, not an error.
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import type { Probe } from './types.js';

export type PollProbe = Exclude<Probe, { kind: 'log' }>;

export type ProbeAttempt = { readonly ok: true } | { readonly ok: false; readonly detail: string };

/** Short, human: shown after "was not ready after 60 s:". */
export function describeProbe(probe: Probe): string {
  switch (probe.kind) {
    case 'tcp':
      return `nothing accepted connections on ${probe.host}:${probe.port}`;
    case 'https':
      return `GET ${probe.url} did not answer with a 2xx status${probe.caFile || probe.insecureSkipTlsVerify ? '' : ' (no ca= given: its certificate must be signed by a CA this machine trusts)'}`;
    case 'log':
      return `no output line matched ${String(probe.pattern)}`;
  }
}

export function probeOnce(probe: PollProbe, timeoutMs: number): Promise<ProbeAttempt> {
  return probe.kind === 'tcp' ? tcpOnce(probe.host, probe.port, timeoutMs) : httpsOnce(probe, timeoutMs);
}

function tcpOnce(host: string, port: number, timeoutMs: number): Promise<ProbeAttempt> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (attempt: ProbeAttempt): void => {
      socket.destroy();
      resolve(attempt);
    };
    socket.setTimeout(timeoutMs, () => finish({ ok: false, detail: `connecting timed out` }));
    socket.once('connect', () => finish({ ok: true }));
    socket.once('error', (error) => finish({ ok: false, detail: errorText(error) }));
  });
}

async function httpsOnce(probe: Extract<Probe, { kind: 'https' }>, timeoutMs: number): Promise<ProbeAttempt> {
  let files: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  try {
    // Read per attempt: a lesson may write the certificates while the component starts.
    files = {
      ...(probe.caFile ? { ca: await readFile(probe.caFile) } : {}),
      ...(probe.certFile ? { cert: await readFile(probe.certFile) } : {}),
      ...(probe.keyFile ? { key: await readFile(probe.keyFile) } : {}),
    };
  } catch (error) {
    return { ok: false, detail: `cannot read a probe certificate: ${errorText(error)}` };
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (attempt: ProbeAttempt): void => {
      if (settled) return;
      settled = true;
      request.destroy();
      resolve(attempt);
    };
    const request = https.request(probe.url, {
      method: 'GET',
      ...files,
      // Verified unless the lesson said otherwise: without a CA file, against the system's CAs.
      rejectUnauthorized: probe.insecureSkipTlsVerify !== true,
      // A fresh connection per attempt: a pooled socket could hide a restarted server.
      agent: false,
      timeout: timeoutMs,
      ...(probe.userAgent ? { headers: { 'User-Agent': probe.userAgent } } : {}),
    });
    request.once('timeout', () => finish({ ok: false, detail: 'request timed out' }));
    request.once('error', (error) => finish({ ok: false, detail: errorText(error) }));
    request.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < 2_000) body += chunk;
      });
      response.once('error', (error) => finish({ ok: false, detail: errorText(error) }));
      response.once('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) finish({ ok: true });
        else finish({ ok: false, detail: `HTTP ${status}${summarize(body)}` });
      });
    });
    request.end();
  });
}

/** /readyz?verbose lists failing checks as "[-]name failed"; those say most. */
function summarize(body: string): string {
  const lines = body.split('\n').map((line) => line.trim());
  const failed = lines.filter((line) => line.startsWith('[-]'));
  const shown = (failed.length > 0 ? failed : lines.filter(Boolean)).slice(0, 3).join('; ');
  return shown ? `: ${shown.slice(0, 300)}` : '';
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  return e.code
    ? `${e.code}${e.message && !e.message.includes(e.code) ? ` ${e.message}` : ''}`
    : String(e.message ?? e);
}

/** Log patterns are tested line by line; a /g or /y flag would make test() remember positions. */
export function lineMatcher(pattern: RegExp): (line: string) => boolean {
  const regex = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return (line) => regex.test(line);
}
