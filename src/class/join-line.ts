// The join line the instructor's screen shows and learners paste after
// --join: where the class server listens, the class code, and the SHA-256
// fingerprint of the certificate made for this class (the pin). One word
// with no character a shell treats specially, so it needs no quotes:
//
//   class://192.168.1.20:7443/K7F-9QX/sha256:3q2-7w...  (43 base64url characters)

export interface JoinLine {
  /** A host name, an IPv4 address, or an IPv6 address without brackets. */
  readonly host: string;
  readonly port: number;
  /** The class code, as the instructor's screen shows it (dashes and case do not matter). */
  readonly code: string;
  /** base64url of the SHA-256 of the certificate's DER bytes. */
  readonly fingerprint: string;
}

export class JoinLineError extends Error {
  override name = 'JoinLineError';
}

const SCHEME = 'class://';

export function formatJoinLine(j: JoinLine): string {
  const host = j.host.includes(':') ? `[${j.host}]` : j.host;
  return `${SCHEME}${host}:${j.port}/${j.code}/sha256:${j.fingerprint}`;
}

const SHAPE =
  /^class:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/([A-Za-z0-9-]{4,20})\/sha256:([A-Za-z0-9_-]{43})$/;

/** The line pasted by a learner; a sentence saying what is wrong with it otherwise. */
export function parseJoinLine(text: string): JoinLine {
  const line = text.trim();
  if (!line.startsWith(SCHEME))
    throw new JoinLineError(
      `a join line starts with ${SCHEME} (copy the whole line from the instructor's screen), not "${line.slice(0, 20)}"`,
    );
  const m = SHAPE.exec(line);
  if (!m)
    throw new JoinLineError(
      `this join line is cut or changed: it should read ${SCHEME}ADDRESS:PORT/CODE/sha256:FINGERPRINT (43 characters)`,
    );
  const port = Number(m[2]);
  if (port < 1 || port > 65535)
    throw new JoinLineError(`the join line's port ${m[2]} is not a port (1-65535)`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port, code: m[3]!, fingerprint: m[4]! };
}

/** The code as compared: upper case, without dashes (learners may type it either way). */
export function normalCode(code: string): string {
  return code.replace(/-/g, '').toUpperCase();
}
